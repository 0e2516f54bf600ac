# shellcheck shell=bash
# Smoke checks that use the pieces together the way the plugin will: each target's rust-std is taken
# from the mirror's tarball, a sysroot is composed from the bench compiler's host rustlib plus that
# target's rustlib, and the bench rustc compiles against it. Static musl executables are linked
# with the mirror's rust-lld and run under qemu. The host's clang compiles C for every target against
# the headers unpacked from the Debian mirror (cc_smoke in lib/cc.sh).

SMOKE_MUSL_RUN_TARGETS="armv7-unknown-linux-musleabihf aarch64-unknown-linux-musl"

smoke_sysroot() { printf '%s' "$SMOKE_DIR/sysroot-$1"; }

qemu_for_target() { qemu_for_arch "$(bench_target_debarch "$1")"; }

smoke_sysroots_fingerprint() { printf 'smoke-sysroots|%s|%s' "$(file_hash "$BENCH_LIB/smoke.sh")" "$(dist_fingerprint)"; }

# Unpacks every rust-std tarball of the mirror and composes one sysroot per target.
smoke_sysroots_build() {
  local t tarball
  toolchain_load_facts || die "toolchain facts missing"
  rm -rf "$SMOKE_DIR" "$SMOKE_DIR.new"
  mkdir -p "$SMOKE_DIR.new/std"
  for t in $BENCH_TARGETS; do
    tarball="$DIST_DIR/dist/$RUST_COMMIT_DATE/rust-std-$RUST_RELEASE-$t.tar.xz"
    tar -xJf "$tarball" -C "$SMOKE_DIR.new/std" || die "cannot unpack $tarball"
    mkdir -p "$SMOKE_DIR.new/sysroot-$t/lib/rustlib"
    ln -s "$RUST_SYSROOT/lib/rustlib/$BENCH_HOST_TRIPLE" "$SMOKE_DIR.new/sysroot-$t/lib/rustlib/$BENCH_HOST_TRIPLE"
    ln -s "../../../std/rust-std-$RUST_RELEASE-$t/rust-std-$t/lib/rustlib/$t" "$SMOKE_DIR.new/sysroot-$t/lib/rustlib/$t"
  done
  mv "$SMOKE_DIR.new" "$SMOKE_DIR"
}

smoke_sysroots_verify() {
  local t top line
  toolchain_load_facts || { echo "toolchain facts missing"; return 1; }
  for t in $BENCH_TARGETS; do
    top="$SMOKE_DIR/std/rust-std-$RUST_RELEASE-$t"
    [ "$(cat "$top/components" 2>/dev/null)" = "rust-std-$t" ] || { echo "$top/components is not 'rust-std-$t'"; return 1; }
    [ "$(cat "$top/rust-installer-version" 2>/dev/null)" = 3 ] || { echo "$top/rust-installer-version is not 3"; return 1; }
    [ -s "$top/rust-std-$t/manifest.in" ] || { echo "no $top/rust-std-$t/manifest.in"; return 1; }
    while IFS= read -r line; do
      case "$line" in
        file:*) [ -f "$top/rust-std-$t/${line#file:}" ] || { echo "manifest.in of $t lists missing ${line#file:}"; return 1; } ;;
        *) echo "unexpected manifest.in line in $t: $line"; return 1 ;;
      esac
    done <"$top/rust-std-$t/manifest.in"
    ls "$(smoke_sysroot "$t")/lib/rustlib/$t/lib/"libstd-*.rlib >/dev/null 2>&1 || { echo "composed sysroot for $t has no libstd"; return 1; }
    ls "$(smoke_sysroot "$t")/lib/rustlib/$BENCH_HOST_TRIPLE/lib/"libstd-*.rlib >/dev/null 2>&1 || { echo "composed sysroot for $t has no host libstd"; return 1; }
  done
}

# Expected ELF machine per target, as readelf -h names it.
smoke_machine() { case "$1" in aarch64-*) echo AArch64 ;; *) echo ARM ;; esac; }

# Runs every time (it takes a few seconds): compile and, where possible, run.
smoke_run() {
  local out t lib machine exe got expected lld start
  start=$(now_ms)
  toolchain_load_facts || die "toolchain facts missing"
  out=$(make_scratch smoke)
  cat >"$out/smoke_lib.rs" <<'RUST'
use std::collections::HashMap;

#[no_mangle]
pub extern "C" fn bench_smoke(n: u32) -> u32 {
    let mut m = HashMap::new();
    for i in 0..n {
        m.insert(i, format!("{i}"));
    }
    std::thread::spawn(move || m.values().map(|s| s.len() as u32).sum()).join().unwrap_or(0)
}
RUST
  cat >"$out/hello.rs" <<'RUST'
fn main() {
    // A panic caught again proves that unwinding works (self-contained libunwind.a).
    std::panic::set_hook(Box::new(|_| {}));
    let unwound = std::panic::catch_unwind(|| {
        if std::env::args().count() < 100 {
            panic!("bench smoke");
        }
    })
    .is_err();
    let t = std::thread::spawn(|| (1..=10u32).sum::<u32>());
    println!("hello from {} on {}: {} unwound={}", env!("BENCH_TARGET"), std::env::consts::ARCH, t.join().unwrap(), unwound);
}
RUST
  for t in $BENCH_TARGETS; do
    lib="$out/libsmoke-$t.a"
    "$TOOLCHAIN_DIR/bin/rustc" --edition 2021 --crate-type staticlib --crate-name smoke --target "$t" \
      --sysroot "$(smoke_sysroot "$t")" -C opt-level=1 -o "$lib" "$out/smoke_lib.rs" >"$out/rustc-$t.log" 2>&1 || {
      cat "$out/rustc-$t.log" >&2
      die "smoke: the bench rustc cannot compile a staticlib for $t against the mirror's rust-std"
    }
    machine=$(readelf -h "$lib" 2>/dev/null | sed -n 's/^ *Machine: *//p' | sort -u)
    [ "$machine" = "$(smoke_machine "$t")" ] || die "smoke: staticlib for $t has ELF machine '$machine', expected $(smoke_machine "$t")"
  done
  if lld_available; then
    lld=$(lld_path)
    for t in $SMOKE_MUSL_RUN_TARGETS; do
      exe="$out/hello-$t"
      BENCH_TARGET="$t" "$TOOLCHAIN_DIR/bin/rustc" --edition 2021 --target "$t" --sysroot "$(smoke_sysroot "$t")" \
        -C opt-level=1 -C linker="$lld" -C linker-flavor=ld.lld -o "$exe" "$out/hello.rs" >"$out/link-$t.log" 2>&1 || {
        cat "$out/link-$t.log" >&2
        die "smoke: linking a static $t executable with rust-lld failed"
      }
      expected="hello from $t on $(case "$t" in aarch64-*) echo aarch64 ;; *) echo arm ;; esac): 55 unwound=true"
      got=$("$(qemu_for_target "$t")" "$exe" 2>&1) || die "smoke: $exe failed under qemu: $got"
      [ "$got" = "$expected" ] || die "smoke: $exe printed '$got', expected '$expected'"
    done
  elif [ "${CI:-}" = true ]; then
    die "smoke: no rust-lld in the mirror, cannot link the musl executables"
  else
    warn "smoke: no rust-lld, musl executables not linked"
  fi
  cc_smoke "$out"
  rm -rf "$out"
  log "ok    smoke: staticlib and $CC_CLANG-compiled C for $(printf '%s' "$BENCH_TARGETS" | wc -w) targets, static musl hello (threads, unwinding) run under qemu ($(elapsed_since "$start"))"
}
