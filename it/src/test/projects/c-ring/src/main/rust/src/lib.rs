//! SHA-256 from ring, whose build script compiled its C and its ARM assembly for the target.

use std::ffi::{c_char, c_void, CString};

/// `static native String sha256(String text)` is more than needed: `CRing.sha256(int n)` hashes "abc"
/// repeated `n` times, so nothing has to be read from Java.
#[no_mangle]
pub extern "system" fn Java_CRing_sha256(env: *mut *const JniFunctions, _class: *mut c_void, n: i32) -> *mut c_void {
    let input = "abc".repeat(n.max(0) as usize);
    let digest = ring::digest::digest(&ring::digest::SHA256, input.as_bytes());
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    let text = CString::new(hex).expect("hex has no NUL");
    unsafe { ((**env).new_string_utf)(env, text.as_ptr()) }
}

/// The JNI function table up to `NewStringUTF` (index 167 of `JNINativeInterface_` in jni.h).
#[repr(C)]
pub struct JniFunctions {
    _reserved: [*const c_void; 167],
    new_string_utf: extern "system" fn(*mut *const JniFunctions, *const c_char) -> *mut c_void,
}
