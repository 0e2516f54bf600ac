//! The shared crate of the reactor fixture.

/// The number both mm-core's library and mm-tool's executable report.
pub fn answer() -> i32 {
    6 * 7
}

/// Picks an element; an index out of range panics with this file's location in the message.
pub fn pick(values: &[i32], index: usize) -> i32 {
    values[index]
}

#[no_mangle]
pub extern "C" fn mm_core_answer() -> i32 {
    answer()
}
