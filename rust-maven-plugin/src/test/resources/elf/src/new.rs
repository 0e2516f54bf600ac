// A shared library that needs pthread_create@GLIBC_2.34: too new for a glibc floor of 2.28.
#![feature(no_core, lang_items)]
#![allow(internal_features)]
#![no_core]
#![crate_type = "lib"]

#[path = "lang.rs"]
mod lang;

unsafe extern "C" {
    fn pthread_create() -> i32;
    fn memcpy(d: *mut u8, s: *const u8, n: usize) -> *mut u8;
}

#[unsafe(no_mangle)]
pub extern "C" fn spawn() -> i32 { unsafe { pthread_create() } }
#[unsafe(no_mangle)]
pub extern "C" fn copy(d: *mut u8, s: *const u8, n: usize) -> *mut u8 { unsafe { memcpy(d, s, n) } }
