//! A C-callable function using regex and serde_json.

/// Counts the JSON array's strings that look like a Pi model ("Pi" followed by a digit).
#[no_mangle]
pub extern "C" fn count_pi_models(json: *const u8, len: usize) -> i32 {
    let bytes = unsafe { std::slice::from_raw_parts(json, len) };
    let Ok(values) = serde_json::from_slice::<Vec<String>>(bytes) else { return -1 };
    let re = regex::Regex::new(r"^Pi \d").expect("valid regex");
    values.iter().filter(|v| re.is_match(v)).count() as i32
}
