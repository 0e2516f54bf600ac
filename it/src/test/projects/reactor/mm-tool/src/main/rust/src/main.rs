fn main() {
    let index = std::env::args().count();
    println!("mm-tool: answer {} pick {}", mm_core::answer(), mm_core::pick(&[1, 2, 3], index));
}
