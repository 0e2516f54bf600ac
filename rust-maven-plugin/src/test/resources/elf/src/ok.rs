// A small shared library within a glibc floor of 2.28: it needs memcpy@GLIBC_2.4 (GLIBC_2.17 on
// AArch64) and fcntl64@GLIBC_2.28, exports functions, data and a thread-local, and defines its
// own versions (LIBOK_1.0 whose parent is LIBOK_0, which holds a hidden old_api).
#![feature(no_core, lang_items, thread_local)]
#![allow(internal_features)]
#![no_core]
#![crate_type = "lib"]

#[path = "lang.rs"]
mod lang;

unsafe extern "C" {
    fn memcpy(d: *mut u8, s: *const u8, n: usize) -> *mut u8;
    fn fcntl64(fd: i32, cmd: i32) -> i32;
}

#[unsafe(no_mangle)]
pub static mut FOO_COUNTER: i32 = 7;
#[thread_local]
#[unsafe(no_mangle)]
pub static mut FOO_TLS: i32 = 3;

#[unsafe(no_mangle)]
pub extern "C" fn foo_copy(d: *mut u8, s: *const u8, n: usize) -> *mut u8 { unsafe { memcpy(d, s, n) } }
#[unsafe(no_mangle)]
pub extern "C" fn foo_lock(fd: i32) -> i32 { unsafe { fcntl64(fd, 6) } }
#[unsafe(no_mangle)]
pub extern "C" fn foo_scale(x: f64) -> f64 { x }
#[unsafe(export_name = "old_api@LIBOK_0")]
pub extern "C" fn old_api() -> i32 { 1 }
