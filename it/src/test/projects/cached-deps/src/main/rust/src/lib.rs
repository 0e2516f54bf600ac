//! A library whose dependencies are most of its compilations: what a compiler cache serves.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Board {
    model: String,
    cores: u32,
}

fn cores(json: &str) -> anyhow::Result<u32> {
    let boards: Vec<Board> = serde_json::from_str(json)?;
    Ok(boards.iter().map(|b| b.cores).sum())
}

/// For C callers: the cores of the built-in boards, and the page size of the machine it runs on.
#[no_mangle]
pub extern "C" fn cores_and_page_size() -> u64 {
    let total = cores(r#"[{"model": "Pi 4", "cores": 4}, {"model": "Pi Zero", "cores": 1}]"#).unwrap_or(0);
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    (u64::from(total) << 32) | page
}
