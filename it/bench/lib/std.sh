# shellcheck shell=bash
# rust-std for each cross target, built from rust-web-src with the bench compiler itself
# (RUSTC_BOOTSTRAP=1 cargo -Zbuild-std), because a std only works with the exact compiler build it
# came from. Result: $STD_DIR/<triple>/lib/rustlib/<triple>/lib/*.rlib, and for musl targets also
# lib/self-contained/ (see musl.sh).

STD_CRATES="std,panic_abort,panic_unwind,proc_macro,test"
# crates every real rust-std ships; the verify step insists on each of them
STD_REQUIRED_RLIBS="core alloc std panic_abort panic_unwind compiler_builtins proc_macro test unwind libc"

std_fingerprint() {
  local musl=""
  bench_target_is_musl "$1" && musl=$(musl_fingerprint)
  printf 'std|%s|%s|%s|%s|%s' "$(file_hash "$BENCH_LIB/std.sh")" "$(file_hash "$BENCH_LIB/std-rustc-wrapper.sh")" \
    "$(toolchain_identity)" "$1" "$musl"
}

# One cargo project reused for every target of a run, so std's host-side build scripts are
# compiled once.
std_workspace() {
  local ws="$BENCH_TMP/std-work"
  if [ ! -f "$ws/Cargo.toml" ]; then
    mkdir -p "$ws/src" "$ws/.cargo"
    cat >"$ws/Cargo.toml" <<'TOML'
[package]
name = "bench-std-probe"
version = "0.0.0"
edition = "2021"

[lib]
path = "src/lib.rs"
TOML
    : >"$ws/src/lib.rs"
    cat >"$ws/.cargo/config.toml" <<TOML
# std's own dependencies come from the vendor directory of rust-web-src.
[source.crates-io]
replace-with = "std-vendored"

[source.std-vendored]
directory = "$RUST_SYSROOT/lib/rustlib/src/rust/library/vendor"
TOML
  fi
  printf '%s' "$ws"
}

# The cargo run that builds std for the given targets in the shared workspace.
std_cargo() {
  local ws=$1 log=$2 t
  shift 2
  local -a targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  # embed-bitcode as in the official dist profile, so that a user's LTO build can use these rlibs.
  (cd "$ws" && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS -u CARGO_BUILD_TARGET \
    CARGO_HOME="$ws/cargo-home" RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cembed-bitcode=yes" \
    RUSTC_WRAPPER="$BENCH_LIB/std-rustc-wrapper.sh" \
    "$TOOLCHAIN_DIR/bin/cargo" build --offline --release "${targets[@]}" -j "$(nproc)" \
    -Zbuild-std="$STD_CRATES") >"$log" 2>&1
}

# Builds std for several targets in one cargo run, so that one target's single-threaded phases (the
# front end of core and std) overlap another's and both cores stay busy. The per-target steps then
# find cargo's work done and only collect the rlibs; a failure here is left to them to report.
std_prebuild() {
  [ $# -ge 2 ] || return 0
  local ws start
  toolchain_load_facts || return 0
  ws=$(std_workspace)
  start=$(now_ms)
  log "      cargo -Zbuild-std for $# targets in one run (a few minutes): $*"
  if std_cargo "$ws" "$ws/build-all.log" "$@"; then
    log "      std for $# targets built ($(elapsed_since "$start"))"
  else
    warn "building std for $# targets in one run failed; building them one by one"
  fi
}

std_build_target() {
  local triple=$1 ws out
  toolchain_load_facts || die "toolchain facts missing; the toolchain step must run first"
  ws=$(std_workspace)
  log "      cargo -Zbuild-std=$STD_CRATES --target $triple"
  std_cargo "$ws" "$ws/build-$triple.log" "$triple" || {
    tail -40 "$ws/build-$triple.log" >&2
    die "building std for $triple failed (full log above); is rust-web-src at the same version as rustc-web?"
  }
  out="$STD_DIR/$triple.new"
  rm -rf "$out" "${STD_DIR:?}/$triple"
  mkdir -p "$out/lib/rustlib/$triple/lib"
  find "$ws/target/$triple/release/deps" -maxdepth 1 -name '*.rlib' ! -name 'libbench_std_probe-*' \
    -exec cp {} "$out/lib/rustlib/$triple/lib/" \;
  if bench_target_is_musl "$triple"; then
    musl_add_self_contained "$triple" "$out"
  fi
  printf '%s\n' "$RUST_COMMIT_HASH" >"$out/BUILT-BY-RUSTC"
  mv "$out" "$STD_DIR/$triple"
}

std_verify_target() {
  local triple=$1 dir="$STD_DIR/$1/lib/rustlib/$1/lib" crate n
  toolchain_load_facts || { echo "toolchain facts missing"; return 1; }
  [ "$(cat "$STD_DIR/$triple/BUILT-BY-RUSTC" 2>/dev/null)" = "$RUST_COMMIT_HASH" ] ||
    { echo "rust-std for $triple was not built by rustc $RUST_COMMIT_HASH"; return 1; }
  for crate in $STD_REQUIRED_RLIBS; do
    n=$(find "$dir" -maxdepth 1 -name "lib$crate-*.rlib" | wc -l)
    [ "$n" = 1 ] || { echo "rust-std for $triple has $n lib$crate-*.rlib (expected 1) in $dir"; return 1; }
  done
  if bench_target_is_musl "$triple"; then
    musl_verify_self_contained "$triple" "$dir/self-contained" || return 1
  fi
}
