fn main() {
    let mut c = cc::Build::new();
    c.file("csrc/mix.c").file("csrc/twice.S");
    if std::env::var_os("CARGO_FEATURE_NEW_GLIBC").is_some() {
        c.define("MIX_NEW_GLIBC", None);
    }
    c.compile("mixc");
    if std::env::var_os("CARGO_FEATURE_CXX").is_some() {
        cc::Build::new().cpp(true).file("csrc/sum.cpp").compile("mixcxx");
    }
    println!("cargo:rerun-if-changed=csrc");
}
