// Target-side wrappers for links against a glibc floor below 2.33.
//
// Before 2.33 glibc's shared libc exported no stat, fstat, lstat or fstatat (nor their *64 forms):
// the static libc_nonshared.a supplied them as calls to __xstat and friends, passing the version of
// struct stat the caller was compiled for (_STAT_VER). Stub libraries carry no such archive, so the
// plugin compiles these few lines for the target instead. _STAT_VER is filled in per architecture.
#![no_std]

use core::ffi::{c_char, c_int, c_void};

const STAT_VER: c_int = @STAT_VER@;

extern "C" {
    fn __xstat(ver: c_int, path: *const c_char, buf: *mut c_void) -> c_int;
    fn __lxstat(ver: c_int, path: *const c_char, buf: *mut c_void) -> c_int;
    fn __fxstat(ver: c_int, fd: c_int, buf: *mut c_void) -> c_int;
    fn __fxstatat(ver: c_int, dirfd: c_int, path: *const c_char, buf: *mut c_void, flags: c_int) -> c_int;
    fn __xstat64(ver: c_int, path: *const c_char, buf: *mut c_void) -> c_int;
    fn __lxstat64(ver: c_int, path: *const c_char, buf: *mut c_void) -> c_int;
    fn __fxstat64(ver: c_int, fd: c_int, buf: *mut c_void) -> c_int;
    fn __fxstatat64(ver: c_int, dirfd: c_int, path: *const c_char, buf: *mut c_void, flags: c_int) -> c_int;
}

#[no_mangle]
pub unsafe extern "C" fn stat(path: *const c_char, buf: *mut c_void) -> c_int {
    __xstat(STAT_VER, path, buf)
}

#[no_mangle]
pub unsafe extern "C" fn lstat(path: *const c_char, buf: *mut c_void) -> c_int {
    __lxstat(STAT_VER, path, buf)
}

#[no_mangle]
pub unsafe extern "C" fn fstat(fd: c_int, buf: *mut c_void) -> c_int {
    __fxstat(STAT_VER, fd, buf)
}

#[no_mangle]
pub unsafe extern "C" fn fstatat(dirfd: c_int, path: *const c_char, buf: *mut c_void, flags: c_int) -> c_int {
    __fxstatat(STAT_VER, dirfd, path, buf, flags)
}

#[no_mangle]
pub unsafe extern "C" fn stat64(path: *const c_char, buf: *mut c_void) -> c_int {
    __xstat64(STAT_VER, path, buf)
}

#[no_mangle]
pub unsafe extern "C" fn lstat64(path: *const c_char, buf: *mut c_void) -> c_int {
    __lxstat64(STAT_VER, path, buf)
}

#[no_mangle]
pub unsafe extern "C" fn fstat64(fd: c_int, buf: *mut c_void) -> c_int {
    __fxstat64(STAT_VER, fd, buf)
}

#[no_mangle]
pub unsafe extern "C" fn fstatat64(dirfd: c_int, path: *const c_char, buf: *mut c_void, flags: c_int) -> c_int {
    __fxstatat64(STAT_VER, dirfd, path, buf, flags)
}
