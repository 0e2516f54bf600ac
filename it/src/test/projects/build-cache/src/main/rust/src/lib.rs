//! The crate of the build cache fixture: BuildCacheIT changes this file to see the cache miss.

#[no_mangle]
pub extern "C" fn build_cache_answer() -> i32 {
    42
}
