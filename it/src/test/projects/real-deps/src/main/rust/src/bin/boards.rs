fn main() {
    let found = real_deps::matching(real_deps::BOARDS, r"^Pi \d");
    let json = serde_json::to_string(&found).expect("serializable");
    println!("{json}");
    println!("quad-core: {}", real_deps::quad_core_boards());
}
