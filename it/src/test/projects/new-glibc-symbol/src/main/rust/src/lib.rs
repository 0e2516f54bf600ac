extern "C" {
    fn getrandom(buffer: *mut u8, length: usize, flags: u32) -> isize;
}

/// Fills 16 bytes from the kernel's random source through glibc's getrandom() (glibc 2.25 and newer).
#[no_mangle]
pub extern "C" fn random_bytes(out: *mut u8) -> isize {
    unsafe { getrandom(out, 16, 0) }
}
