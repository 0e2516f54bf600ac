//! Just enough of the Java Native Interface for this example, written by hand so the crate needs
//! nothing from crates.io. Each JNI call is a function pointer at a fixed index of the table that
//! `JNIEnv` points to (the indices are those of `struct JNINativeInterface_` in the JDK's jni.h).

use std::ffi::{c_char, c_void, CStr, CString};

pub type JObject = *mut c_void;
pub type JString = JObject;
pub type JByteArray = JObject;

/// What the JVM passes as the first argument of every native method.
#[repr(C)]
pub struct JNIEnv {
    functions: *const *const c_void,
}

const NEW_STRING_UTF: usize = 167;
const GET_STRING_UTF_CHARS: usize = 169;
const RELEASE_STRING_UTF_CHARS: usize = 170;
const GET_ARRAY_LENGTH: usize = 171;
const GET_BYTE_ARRAY_REGION: usize = 200;

type NewStringUtf = extern "system" fn(*mut JNIEnv, *const c_char) -> JString;
type GetStringUtfChars = extern "system" fn(*mut JNIEnv, JString, *mut u8) -> *const c_char;
type ReleaseStringUtfChars = extern "system" fn(*mut JNIEnv, JString, *const c_char);
type GetArrayLength = extern "system" fn(*mut JNIEnv, JObject) -> i32;
type GetByteArrayRegion = extern "system" fn(*mut JNIEnv, JByteArray, i32, i32, *mut i8);

impl JNIEnv {
    /// # Safety
    /// `index` must be the index of a function whose signature is `F`.
    unsafe fn function<F: Copy>(&self, index: usize) -> F {
        let entry = *self.functions.add(index);
        std::mem::transmute_copy::<*const c_void, F>(&entry)
    }

    /// Copies a Java string into a Rust one.
    pub fn string(&mut self, s: JString) -> String {
        unsafe {
            let get: GetStringUtfChars = self.function(GET_STRING_UTF_CHARS);
            let release: ReleaseStringUtfChars = self.function(RELEASE_STRING_UTF_CHARS);
            let chars = get(self, s, std::ptr::null_mut());
            let copy = CStr::from_ptr(chars).to_string_lossy().into_owned();
            release(self, s, chars);
            copy
        }
    }

    /// Makes a new Java string.
    pub fn new_string(&mut self, s: &str) -> JString {
        let c = CString::new(s.replace('\0', "")).expect("no interior NUL after replacing it");
        unsafe {
            let new: NewStringUtf = self.function(NEW_STRING_UTF);
            new(self, c.as_ptr())
        }
    }

    /// Copies a Java byte array into a Rust vector.
    pub fn bytes(&mut self, array: JByteArray) -> Vec<u8> {
        unsafe {
            let length: GetArrayLength = self.function(GET_ARRAY_LENGTH);
            let region: GetByteArrayRegion = self.function(GET_BYTE_ARRAY_REGION);
            let n = length(self, array).max(0);
            let mut buffer = vec![0u8; n as usize];
            region(self, array, 0, n, buffer.as_mut_ptr() as *mut i8);
            buffer
        }
    }
}
