// An executable's entry point: statically linked it needs nothing; dynamically linked it calls
// into libc.so.6 so that it has a NEEDED entry and an interpreter.
#![feature(no_core, lang_items)]
#![allow(internal_features)]
#![no_core]
#![crate_type = "lib"]

#[path = "lang.rs"]
mod lang;

#[cfg(dynamic)]
unsafe extern "C" {
    fn __libc_start_main() -> i32;
}

#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    #[cfg(dynamic)]
    unsafe {
        __libc_start_main();
    }
    loop {}
}
