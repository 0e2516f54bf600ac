//! Rust calling C, C++ and assembly that its build script compiled for the target.

use std::ffi::{c_char, c_int, c_void, CStr};

extern "C" {
    fn mix_describe(buffer: *mut c_char, size: c_int, value: c_int) -> c_int;
    fn mix_twice(value: c_int) -> c_int;
    #[cfg(feature = "cxx")]
    fn mix_sum(n: c_int) -> c_int;
    #[cfg(feature = "new-glibc")]
    fn mix_random() -> u32;
}

/// `n` described by C's snprintf, doubled by assembly and summed 1..=n by C++ (when built with it).
pub fn mix(n: i32) -> String {
    let mut buffer = [0 as c_char; 96];
    let described = unsafe {
        mix_describe(buffer.as_mut_ptr(), buffer.len() as c_int, n);
        CStr::from_ptr(buffer.as_ptr()).to_string_lossy().into_owned()
    };
    let twice = unsafe { mix_twice(n) };
    #[cfg(feature = "cxx")]
    let sum = unsafe { mix_sum(n) };
    #[cfg(not(feature = "cxx"))]
    let sum = -1;
    #[cfg(feature = "new-glibc")]
    let _ = unsafe { mix_random() };
    format!("{described}; twice {twice}; sum {sum}")
}

/// `static native String mix(int n)` of the Java class `CMix` (default package).
#[no_mangle]
pub extern "system" fn Java_CMix_mix(env: *mut JniEnv, _class: *mut c_void, n: i32) -> *mut c_void {
    let text = std::ffi::CString::new(mix(n)).expect("no NUL in the text");
    unsafe { ((**env).new_string_utf)(env, text.as_ptr()) }
}

/// The JNI function table, up to `NewStringUTF` (index 167 of `JNINativeInterface_` in jni.h).
#[repr(C)]
pub struct JniFunctions {
    _reserved: [*const c_void; 167],
    new_string_utf: extern "system" fn(*mut JniEnv, *const c_char) -> *mut c_void,
}

/// What the JVM passes as the first argument of a native method: a pointer to the function table.
pub type JniEnv = *const JniFunctions;
