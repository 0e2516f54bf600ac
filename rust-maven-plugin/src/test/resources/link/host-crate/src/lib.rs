//! A JNI library for `dev.rustmaven.link.HostLinkEndToEndTest`: raw JNI with primitive types only.

use std::cell::Cell;
use std::ffi::c_void;
use std::thread;

thread_local! {
    // A thread-local with a destructor makes std register it with glibc's __cxa_thread_atexit_impl.
    static SEEN: Cell<i64> = const { Cell::new(0) };
}

/// `static native long sumOfSquares(int n)`: 1² + ... + n², each square computed on its own thread.
#[no_mangle]
pub extern "system" fn Java_dev_rustmaven_link_HostLinkEndToEndTest_sumOfSquares(
    _env: *mut c_void,
    _class: *mut c_void,
    n: i32,
) -> i64 {
    let handles: Vec<_> = (1..=i64::from(n))
        .map(|i| {
            thread::spawn(move || {
                SEEN.with(|s| s.set(i * i));
                SEEN.with(Cell::get)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
}
