//! Uses real crates: serde's derive (a proc-macro), serde_json and regex.

use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, PartialEq)]
pub struct Board {
    pub model: String,
    pub cores: u32,
}

/// Reads the boards from JSON and keeps those whose model matches `pattern`.
pub fn matching(json: &str, pattern: &str) -> Vec<Board> {
    let boards: Vec<Board> = serde_json::from_str(json).expect("valid JSON");
    let re = Regex::new(pattern).expect("valid regex");
    boards.into_iter().filter(|b| re.is_match(&b.model)).collect()
}

/// For C callers: how many boards of the built-in list have four cores.
#[no_mangle]
pub extern "C" fn quad_core_boards() -> u32 {
    matching(BOARDS, "^Pi [345]").iter().filter(|b| b.cores == 4).count() as u32
}

pub const BOARDS: &str = r#"[
    {"model": "Pi Zero", "cores": 1},
    {"model": "Pi 3 Model B", "cores": 4},
    {"model": "Pi 4 Model B", "cores": 4},
    {"model": "Pi 5", "cores": 4}
]"#;
