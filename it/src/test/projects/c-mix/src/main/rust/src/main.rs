fn main() {
    println!("{} on {}", c_mix::mix(21), std::env::consts::ARCH);
}
