// A stand-in for glibc's libc.so.6: a few symbols at the versions glibc gives them on ARM and
// AArch64, so that the fixtures linked against it carry real version needs.
#![feature(no_core, lang_items)]
#![allow(internal_features)]
#![no_core]
#![crate_type = "lib"]

#[path = "lang.rs"]
mod lang;

#[unsafe(no_mangle)]
pub extern "C" fn memcpy(d: *mut u8, _s: *const u8, _n: usize) -> *mut u8 { d }
#[unsafe(no_mangle)]
pub extern "C" fn malloc(_n: usize) -> *mut u8 { 0 as *mut u8 }
#[unsafe(no_mangle)]
pub extern "C" fn fcntl64(_fd: i32, _cmd: i32) -> i32 { 0 }
#[unsafe(no_mangle)]
pub extern "C" fn pthread_create() -> i32 { 0 }
// The pre-2.34 pthread_create is still there, as a hidden (non-default) version.
#[cfg_attr(target_arch = "arm", unsafe(export_name = "pthread_create@GLIBC_2.4"))]
#[cfg_attr(target_arch = "aarch64", unsafe(export_name = "pthread_create@GLIBC_2.17"))]
pub extern "C" fn pthread_create_old() -> i32 { 0 }
#[unsafe(no_mangle)]
pub extern "C" fn __libc_start_main() -> i32 { 0 }
#[unsafe(no_mangle)]
pub static mut stdout: usize = 0;
