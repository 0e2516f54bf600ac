# shellcheck shell=bash
# Real crate dependencies without crates.io: Debian's librust-*-dev packages install crate sources
# under /usr/share/cargo/registry, a directory source for cargo's source replacement. The probe
# builds a program using them for aarch64-unknown-linux-musl with the bench toolchain, links it with
# the mirror's rust-lld and runs it under qemu. A second probe builds ring, whose build script
# compiles C and ARM assembly through the cc crate, for the two gnu targets with the host's clang
# and the headers of the Debian mirror (lib/cc.sh), as a staticlib (no linker needed), and checks
# that ring's C and assembly symbols are in it, for the right machine.

CRATES_REGISTRY=/usr/share/cargo/registry
# regex; serde with its derive proc-macro; serde_json; libc and anyhow have build scripts; ring's
# compiles C and assembly (Debian keeps its pregenerated ARM assembly).
CRATES_PACKAGES="librust-regex+default-dev librust-serde+serde-derive-dev librust-serde-derive-dev librust-serde-json-dev librust-libc-dev librust-anyhow-dev librust-ring-dev"
CRATES_NAMES="regex serde serde_derive serde_json libc anyhow ring"
CRATES_WITH_BUILD_SCRIPT="libc anyhow ring"
CRATES_PROBE_TARGET=aarch64-unknown-linux-musl
CRATES_PROBE_EXPECTED='{"sensor":"pin17","millivolts":3300} 3300 true'
# The crate whose build script compiles C and assembly, and the targets it is proven on.
CRATES_C_AND_ASM=ring
CRATES_C_AND_ASM_TARGETS="armv7-unknown-linux-gnueabihf aarch64-unknown-linux-gnu"
# Symbols ring defines in its assembly (sha256-armv4/armv8) and in its C (curve25519.c), with the
# object file each must come from, and the probe's own function calling into ring.
CRATES_C_AND_ASM_SYMBOLS="GFp_sha256_block_data_order:sha256-armv*-linux*.o GFp_x25519_sc_reduce:curve25519.o ring_probe_sha256:*"

# Makes the throw-away crate in $1 take its dependencies from Debian's packaged crate sources.
crates_source_replacement() {
  mkdir -p "$1/.cargo"
  cat >"$1/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian-packaged"

[source.debian-packaged]
directory = "$CRATES_REGISTRY"
TOML
}

crates_fingerprint() {
  local t fps=""
  for t in $CRATES_PROBE_TARGET $CRATES_C_AND_ASM_TARGETS; do fps="$fps|$(std_fingerprint "$t")"; done
  printf 'crates|%s|%s|%s|%s|%s' "$(file_hash "$BENCH_LIB/crates.sh")" "$(toolchain_identity)" "$(printf '%s' "$fps" | sha256sum | cut -c1-16)" \
    "$(cc_clang_path)" "$(cc_roots_fingerprint)"
}

crates_missing_packages() {
  local p missing=""
  for p in $CRATES_PACKAGES; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing="$missing $p"
  done
  printf '%s' "$missing"
}

# apt-get install of the crate sources the machine lacks (also run early, beside the std builds).
crates_install_packages() {
  local missing
  missing=$(crates_missing_packages)
  if [ -n "$missing" ]; then
    is_root || die "crate sources missing:$missing; run as root: apt-get install --no-install-recommends$missing"
    apt_update_once
    log "      apt-get install$missing"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends $missing >"$BENCH_TMP/apt-install.log" 2>&1 || {
      tail -20 "$BENCH_TMP/apt-install.log" >&2
      die "apt-get install$missing failed"
    }
  fi
}

crates_build() {
  crates_install_packages
  crates_probe
  crates_probe_c_and_asm
}

crates_probe() {
  local ws lld upper
  toolchain_load_facts || die "toolchain facts missing"
  lld_available || { warn "no rust-lld: crate probe skipped"; return 0; }
  lld=$(lld_path)
  ws=$(make_scratch crates-probe)
  mkdir -p "$ws/src" "$ws/.cargo"
  cat >"$ws/Cargo.toml" <<'TOML'
[package]
name = "bench-crates-probe"
version = "0.0.0"
edition = "2021"

[dependencies]
regex = "1"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
libc = "0.2"
anyhow = "1"
TOML
  crates_source_replacement "$ws"
  cat >"$ws/src/main.rs" <<'RUST'
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Reading {
    sensor: String,
    millivolts: u32,
}

fn main() -> anyhow::Result<()> {
    let re = regex::Regex::new(r"^gpio(\d+)$")?;
    let pin: u32 = re
        .captures("gpio17")
        .and_then(|c| c[1].parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no pin"))?;
    let json = serde_json::to_string(&Reading { sensor: format!("pin{pin}"), millivolts: 3300 })?;
    let back: Reading = serde_json::from_str(&json)?;
    let pid = unsafe { libc::getpid() };
    println!("{json} {} {}", back.millivolts, pid > 0);
    Ok(())
}
RUST
  upper=$(printf '%s' "$CRATES_PROBE_TARGET" | tr 'a-z-' 'A-Z_')
  log "      cargo build of a regex + serde + serde_json + libc + anyhow program for $CRATES_PROBE_TARGET"
  (cd "$ws" && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS \
    CARGO_HOME="$ws/cargo-home" "CARGO_TARGET_${upper}_LINKER=$lld" \
    RUSTFLAGS="--sysroot $(smoke_sysroot "$CRATES_PROBE_TARGET") -C linker-flavor=ld.lld" \
    "$TOOLCHAIN_DIR/bin/cargo" build --offline --target "$CRATES_PROBE_TARGET" -j "$(nproc)") >"$ws/build.log" 2>&1 || {
    tail -40 "$ws/build.log" >&2
    die "the crate probe does not build against $CRATES_REGISTRY"
  }
  local got
  got=$("$(qemu_for_target "$CRATES_PROBE_TARGET")" "$ws/target/$CRATES_PROBE_TARGET/debug/bench-crates-probe" 2>&1) ||
    die "the crate probe failed under qemu: $got"
  [ "$got" = "$CRATES_PROBE_EXPECTED" ] || die "the crate probe printed '$got', expected '$CRATES_PROBE_EXPECTED'"
  rm -rf "$ws"
}

# The version of a crate in the registry (the highest, should there be several).
crates_version() {
  local dirs
  dirs=$(find "$CRATES_REGISTRY" -mindepth 1 -maxdepth 1 -type d -name "$1-[0-9]*" -printf '%f\n' 2>/dev/null | sort -V) || true
  dirs=${dirs##*$'\n'}
  printf '%s' "${dirs#"$1"-}"
}

# The members of an archive that define SYMBOL (readelf reads any architecture's ELF).
archive_members_defining() {
  local syms
  syms=$(readelf -sW "$1" 2>/dev/null || true)
  awk -v s="$2" '/^File: / { m = $2; sub(/^.*\(/, "", m); sub(/\)$/, "", m) } $8 == s && $7 != "UND" { print m }' <<<"$syms"
}

# ring as a dependency of a staticlib, built for the gnu targets by cargo with the host's clang as
# the cc crate's compiler (CC_<triple>, CFLAGS_<triple>=--sysroot=<headers root>, AR_<triple> when
# there is an llvm-ar); its C and assembly objects must be in the archive, for the target's machine.
crates_probe_c_and_asm() {
  local ws clang ar t u machine archive sym file members m
  local -a env_vars=() targets=()
  toolchain_load_facts || die "toolchain facts missing"
  clang=$(cc_clang_path)
  [ -n "$clang" ] || die "no $CC_CLANG: cannot build $CRATES_C_AND_ASM"
  ar=$(cc_llvm_ar_path)
  ws=$(make_scratch crates-c-and-asm)
  mkdir -p "$ws/src" "$ws/.cargo"
  cat >"$ws/Cargo.toml" <<TOML
[package]
name = "ring-probe"
version = "0.0.0"
edition = "2021"

[lib]
crate-type = ["staticlib"]

[dependencies]
$CRATES_C_AND_ASM = "=$(crates_version "$CRATES_C_AND_ASM")"
TOML
  crates_source_replacement "$ws"
  cat >"$ws/src/lib.rs" <<'RUST'
/// SHA-256 of `len` bytes at `data` into `out` (32 bytes), computed by ring's ARM assembly.
///
/// # Safety
/// `data` must be readable for `len` bytes and `out` writable for 32.
#[no_mangle]
pub unsafe extern "C" fn ring_probe_sha256(data: *const u8, len: usize, out: *mut u8) {
    let d = ring::digest::digest(&ring::digest::SHA256, std::slice::from_raw_parts(data, len));
    std::ptr::copy_nonoverlapping(d.as_ref().as_ptr(), out, 32);
}
RUST
  for t in $CRATES_C_AND_ASM_TARGETS; do
    u=${t//-/_}
    env_vars+=("CC_$u=$clang" "CFLAGS_$u=--sysroot=$(cc_root_for_target "$t")")
    [ -z "$ar" ] || env_vars+=("AR_$u=$ar")
    targets+=(--target "$t")
  done
  log "      cargo build of $CRATES_C_AND_ASM (C and assembly, $CC_CLANG${ar:+, ${ar##*/}}) for $CRATES_C_AND_ASM_TARGETS"
  # One sysroot per run: the rlibs of both targets are composed into one.
  mkdir -p "$ws/sysroot/lib/rustlib"
  ln -s "$RUST_SYSROOT/lib/rustlib/$BENCH_HOST_TRIPLE" "$ws/sysroot/lib/rustlib/$BENCH_HOST_TRIPLE"
  for t in $CRATES_C_AND_ASM_TARGETS; do
    ln -s "$(readlink -f "$(smoke_sysroot "$t")/lib/rustlib/$t")" "$ws/sysroot/lib/rustlib/$t"
  done
  (cd "$ws" && env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u CARGO_BUILD_RUSTFLAGS -u CFLAGS -u CC -u AR \
    CARGO_HOME="$ws/cargo-home" "${env_vars[@]}" RUSTFLAGS="--sysroot $ws/sysroot" \
    "$TOOLCHAIN_DIR/bin/cargo" build --offline "${targets[@]}" -j "$(nproc)") >"$ws/build.log" 2>&1 || {
    tail -40 "$ws/build.log" >&2
    die "$CRATES_C_AND_ASM does not build for $CRATES_C_AND_ASM_TARGETS with $clang and the Debian mirror's headers"
  }
  for t in $CRATES_C_AND_ASM_TARGETS; do
    archive="$ws/target/$t/debug/libring_probe.a"
    machine=$(readelf -h "$archive" 2>/dev/null | sed -n 's/^ *Machine: *//p' | sort -u)
    [ "$machine" = "$(smoke_machine "$t")" ] || die "the $CRATES_C_AND_ASM probe for $t has ELF machines '$machine', expected $(smoke_machine "$t")"
    for sym in $CRATES_C_AND_ASM_SYMBOLS; do
      file=${sym#*:}
      sym=${sym%%:*}
      members=$(archive_members_defining "$archive" "$sym")
      [ -n "$members" ] || die "the $CRATES_C_AND_ASM probe for $t does not define $sym"
      for m in $members; do
        # shellcheck disable=SC2254
        case "$m" in $file) continue 2 ;; esac
      done
      die "the $CRATES_C_AND_ASM probe for $t defines $sym in $(join_lines "$members"), expected an object $file"
    done
  done
  rm -rf "$ws"
}

crates_verify() {
  local missing c
  missing=$(crates_missing_packages)
  [ -z "$missing" ] || { echo "crate source packages not installed:$missing"; return 1; }
  for c in $CRATES_NAMES; do
    ls -d "$CRATES_REGISTRY/$c"-[0-9]* >/dev/null 2>&1 || { echo "no $c in $CRATES_REGISTRY"; return 1; }
  done
  for c in $CRATES_WITH_BUILD_SCRIPT; do
    ls "$CRATES_REGISTRY/$c"-[0-9]*/build.rs >/dev/null 2>&1 || { echo "$c in $CRATES_REGISTRY has no build.rs"; return 1; }
  done
}

crates_csv() { printf '%s' "$CRATES_NAMES" | tr ' ' ','; }
