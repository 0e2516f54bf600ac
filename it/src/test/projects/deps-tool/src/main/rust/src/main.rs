use regex::Regex;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Board {
    model: String,
    cores: u32,
}

fn main() {
    let boards: Vec<Board> = serde_json::from_str(
        r#"[{"model":"Pi Zero","cores":1},{"model":"Pi 4 Model B","cores":4},{"model":"Pi 5","cores":4}]"#,
    )
    .expect("valid JSON");
    let numbered = Regex::new(r"^Pi \d").expect("valid regex");
    let quad: Vec<&Board> = boards.iter().filter(|b| numbered.is_match(&b.model) && b.cores == 4).collect();
    println!("built for {}", env!("BUILT_FOR"));
    println!("running on {}-{}", std::env::consts::ARCH, std::env::consts::OS);
    println!("{}", serde_json::to_string(&quad).expect("serializable"));
}
