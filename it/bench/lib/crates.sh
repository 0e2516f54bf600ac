# shellcheck shell=bash
# Real crate dependencies without crates.io: Debian's librust-*-dev packages install crate sources
# under /usr/share/cargo/registry, a directory source for cargo's source replacement. The probe
# builds a program using them for aarch64-unknown-linux-musl with the bench toolchain, links it with
# the mirror's rust-lld and runs it under qemu.

CRATES_REGISTRY=/usr/share/cargo/registry
# regex; serde with its derive proc-macro; serde_json; libc and anyhow have build scripts.
CRATES_PACKAGES="librust-regex+default-dev librust-serde+serde-derive-dev librust-serde-derive-dev librust-serde-json-dev librust-libc-dev librust-anyhow-dev"
CRATES_NAMES="regex serde serde_derive serde_json libc anyhow"
CRATES_WITH_BUILD_SCRIPT="libc anyhow"
CRATES_PROBE_TARGET=aarch64-unknown-linux-musl
CRATES_PROBE_EXPECTED='{"sensor":"pin17","millivolts":3300} 3300 true'

crates_fingerprint() { printf 'crates|%s|%s|%s' "$(file_hash "$BENCH_LIB/crates.sh")" "$(toolchain_identity)" "$(std_fingerprint "$CRATES_PROBE_TARGET")"; }

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
  cat >"$ws/.cargo/config.toml" <<TOML
[source.crates-io]
replace-with = "debian-packaged"

[source.debian-packaged]
directory = "$CRATES_REGISTRY"
TOML
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
