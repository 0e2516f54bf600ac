#[no_mangle]
pub extern "C" fn mm_beta() -> i32 {
    2
}
