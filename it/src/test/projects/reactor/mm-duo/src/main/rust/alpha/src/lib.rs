#[no_mangle]
pub extern "C" fn mm_alpha() -> i32 {
    1
}
