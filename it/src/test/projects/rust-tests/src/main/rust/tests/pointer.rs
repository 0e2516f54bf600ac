//! An integration test: its own test executable.

#[test]
fn pointer_width_matches_the_target() {
    assert_eq!(rust_tests::pointer_bits(), if cfg!(target_pointer_width = "64") { 64 } else { 32 });
}

#[test]
fn the_manifest_directory_is_set() {
    assert!(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml").is_file());
}
