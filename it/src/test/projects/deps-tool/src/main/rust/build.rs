// Runs on the build machine: records the target it builds for, which the program prints.
fn main() {
    let target = std::env::var("TARGET").expect("cargo sets TARGET for build scripts");
    println!("cargo:rustc-env=BUILT_FOR={target}");
    println!("cargo:rerun-if-changed=build.rs");
}
