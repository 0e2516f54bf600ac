#!/usr/bin/env bash
# The emulated-Pi test bench of rust-maven-plugin: a Rust compiler with rust-std for every test
# target, a local mirror of the Rust dist server, qemu with Debian's armhf and arm64 OpenJDK 17,
# Debian's crate sources, the host's clang with a Debian-format archive subset for target headers. Idempotent and cached; ends by writing <cache>/bench.properties for the
# integration tests. See it/bench/README.md.
#
#   bash it/bench/setup.sh           build what is missing, verify everything, write bench.properties
#   bash it/bench/setup.sh --check   verify only and print what is ready (exit 1 if anything is not)
set -Eeuo pipefail

BENCH_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
. "$BENCH_LIB/common.sh"
# shellcheck source=lib/toolchain.sh
. "$BENCH_LIB/toolchain.sh"
# shellcheck source=lib/std.sh
. "$BENCH_LIB/std.sh"
# shellcheck source=lib/musl.sh
. "$BENCH_LIB/musl.sh"
# shellcheck source=lib/package.sh
. "$BENCH_LIB/package.sh"
# shellcheck source=lib/dist.sh
. "$BENCH_LIB/dist.sh"
# shellcheck source=lib/hostdist.sh
. "$BENCH_LIB/hostdist.sh"
# shellcheck source=lib/pi.sh
. "$BENCH_LIB/pi.sh"
# shellcheck source=lib/smoke.sh
. "$BENCH_LIB/smoke.sh"
# shellcheck source=lib/sccache.sh
. "$BENCH_LIB/sccache.sh"
# shellcheck source=lib/crates.sh
. "$BENCH_LIB/crates.sh"
# shellcheck source=lib/debmirror.sh
. "$BENCH_LIB/debmirror.sh"
# shellcheck source=lib/cc.sh
. "$BENCH_LIB/cc.sh"

BENCH_PROPERTIES_VERSION=1

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# The plugin must need no C cross toolchain: the bench proves it only where none is installed.
assert_no_arm_gcc() {
  local found
  found=$(compgen -c | grep -E '^(arm|armv[0-9a-z]*|aarch64)-[a-z0-9_-]*-(gcc|cc|g\+\+|c\+\+)(-[0-9.]+)?$' | sort -u | paste -sd ' ' || true)
  [ -z "$found" ] || die "ARM C compilers are installed ($found); the bench must run without them to prove the plugin needs none: apt-get remove the gcc-*-arm-linux-gnueabihf / gcc-*-aarch64-linux-gnu packages"
}

preflight() {
  require_commands apt-get apt-cache apt-config dpkg dpkg-deb dpkg-query gpgv tar xz gzip sha256sum readelf nm ar flock javac find sed awk nproc
  [ "$(uname -m)" = x86_64 ] || die "the bench is made for x86_64 Debian 12 hosts, this is $(uname -m)"
  [ -r /etc/debian_version ] || die "the bench needs Debian (apt, dpkg); /etc/debian_version is missing"
  assert_no_arm_gcc
}

write_properties() {
  local dest=$1 t a
  BENCH_PROPS_TMP="$dest.tmp"
  : >"$BENCH_PROPS_TMP"
  {
    printf '# rust-maven-plugin test bench, written by it/bench/setup.sh. Do not edit: re-run the script.\n'
  } >>"$BENCH_PROPS_TMP"
  prop bench.version "$BENCH_PROPERTIES_VERSION"
  prop bench.root "$BENCH_ROOT"
  prop bench.noArmGcc true
  prop crates.registry "$CRATES_REGISTRY"
  prop crates.names "$(crates_csv)"
  prop crates.cAndAsm "$CRATES_C_AND_ASM=$(crates_version "$CRATES_C_AND_ASM")"
  prop cc.clang "$(cc_clang_path)"
  prop cc.llvmAr "$(cc_llvm_ar_path)"
  prop sccache.path "$(sccache_path)"
  prop debian.mirror "file:$DEBMIRROR_DIR"
  prop debian.suite "$DEBMIRROR_SUITE"
  prop debian.keyring "$DEBMIRROR_KEYRING"
  for a in $DEBMIRROR_ARCHS; do
    prop "debian.packages.$a" "$(debmirror_packages_csv "$a")"
  done
  prop rust.rustc "$TOOLCHAIN_DIR/bin/rustc"
  prop rust.cargo "$TOOLCHAIN_DIR/bin/cargo"
  prop rust.rustdoc "$TOOLCHAIN_DIR/bin/rustdoc"
  prop rust.debianVersion "$(cat "$TOOLCHAIN_DIR/DEBIAN-VERSION")"
  prop rust.release "$RUST_RELEASE"
  prop rust.commitHash "$RUST_COMMIT_HASH"
  prop rust.commitDate "$RUST_COMMIT_DATE"
  prop rust.host "$RUST_HOST"
  prop rust.verbose "$RUST_VERBOSE"
  prop rust.sysroot.real "$RUST_SYSROOT"
  lld_available && prop rust.lld "$(lld_path)"
  for t in $BENCH_TARGETS; do
    prop "rust.std.$t" "$STD_DIR/$t"
    prop "smoke.sysroot.$t" "$(smoke_sysroot "$t")"
  done
  prop dist.root "$DIST_DIR"
  prop dist.manifest "$DIST_DIR/dist/channel-rust-$RUST_RELEASE.toml"
  prop dist.release "$RUST_RELEASE"
  prop dist.date "$RUST_COMMIT_DATE"
  prop dist.targets "$(dist_targets_csv)"
  prop dist.unavailableTargets "$(dist_unavailable_csv)"
  prop dist.rustc.available "$(lld_available && echo true || echo false)"
  hostdist_upstream_load || true
  prop dist.toolchains "$(hostdist_releases_csv)"
  prop dist.stable "$(hostdist_stable_release)"
  if [ -n "$HOSTDIST_UP_DIR" ]; then
    prop dist.toolchain.upstream "$HOSTDIST_UP_RELEASE"
    prop dist.toolchain.upstream.version "$HOSTDIST_UP_VERSION"
  fi
  prop dist.toolchain.cross "$RUST_RELEASE"
  prop qemu.arm "$(qemu_for_arch armhf)"
  prop qemu.aarch64 "$(qemu_for_arch arm64)"
  prop pi.armhf.root "$(pi_root armhf)"
  prop pi.armhf.java "$(pi_java armhf)"
  prop pi.arm64.root "$(pi_root arm64)"
  prop pi.arm64.java "$(pi_java arm64)"
}

# The steps that mostly download and unpack: in setup mode they run beside the CPU-bound std builds.
download_steps() {
  run_step qemu "$(qemu_fingerprint)" qemu_build qemu_verify
  run_step pi-armhf "$(pi_fingerprint armhf)" "pi_build armhf" "pi_verify armhf"
  run_step pi-arm64 "$(pi_fingerprint arm64)" "pi_build arm64" "pi_verify arm64"
  run_step debian-mirror "$(debmirror_fingerprint)" debmirror_build debmirror_verify
  run_step cc-roots "$(cc_roots_fingerprint)" cc_roots_build cc_roots_verify
  run_step clang "$(cc_clang_fingerprint)" cc_clang_build cc_clang_verify
  run_step sccache "$(sccache_fingerprint)" sccache_build sccache_verify
  [ "$BENCH_MODE" = check ] || crates_install_packages
}

# Whether any of the download steps will build (then they run in the background).
download_steps_stale() {
  step_stale qemu "$(qemu_fingerprint)" || step_stale pi-armhf "$(pi_fingerprint armhf)" ||
    step_stale pi-arm64 "$(pi_fingerprint arm64)" || step_stale debian-mirror "$(debmirror_fingerprint)" ||
    step_stale cc-roots "$(cc_roots_fingerprint)" || step_stale clang "$(cc_clang_fingerprint)" ||
    step_stale sccache "$(sccache_fingerprint)" || [ -n "$(crates_missing_packages)" ]
}

main() {
  BENCH_MODE=setup
  case "${1:-}" in
    "") ;;
    --check) BENCH_MODE=check ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  local start t
  start=$(now_ms)
  bench_init_paths
  if [ "$BENCH_MODE" = check ] && [ ! -d "$BENCH_ROOT" ]; then
    die "no bench at $BENCH_ROOT (run: bash it/bench/setup.sh)"
  fi
  mkdir -p "$BENCH_ROOT"
  exec 9>"$BENCH_ROOT/.lock"
  if ! flock -n 9; then
    log "another bench setup holds $BENCH_ROOT/.lock, waiting (up to 30 minutes)"
    flock -w 1800 9 || die "gave up waiting for $BENCH_ROOT/.lock"
  fi
  cleanup_scratch
  trap cleanup_scratch EXIT
  trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR
  mkdir -p "$BENCH_TMP"
  log "$BENCH_MODE: cache $BENCH_ROOT"
  preflight

  run_step toolchain "$(toolchain_fingerprint)" toolchain_build toolchain_verify
  toolchain_load_facts || true

  # The emulated Pis (downloads and unpacking) build in the background while the CPU-bound std
  # builds run; in check mode everything runs in order.
  local pis_pid="" stale_std=()
  if [ "$BENCH_MODE" = setup ]; then
    if download_steps_stale; then
      apt_update_once # once, before the two groups could both want it
      log "      the emulated Pis, the Debian mirror, clang, sccache and the crate sources are fetched in the background"
      download_steps &
      pis_pid=$!
    fi
    for t in $BENCH_TARGETS; do
      step_stale "std-$t" "$(std_fingerprint "$t")" && stale_std+=("$t")
    done
    std_prebuild "${stale_std[@]}"
  fi
  for t in $BENCH_TARGETS; do
    run_step "std-$t" "$(std_fingerprint "$t")" "std_build_target $t" "std_verify_target $t"
  done
  run_step patchelf "$(patchelf_fingerprint)" patchelf_build patchelf_verify
  run_step dist "$(dist_fingerprint)" dist_build dist_verify
  run_step lld "$(lld_fingerprint)" lld_build lld_verify
  run_step host-toolchains "$(hostdist_smoke_fingerprint)" hostdist_smoke_build hostdist_smoke_verify
  run_step smoke-sysroots "$(smoke_sysroots_fingerprint)" smoke_sysroots_build smoke_sysroots_verify
  if [ -n "$pis_pid" ]; then
    wait "$pis_pid" || die "building the emulated Pis or the Debian mirror, or installing clang, sccache or the crate sources failed (see the messages above)"
  else
    download_steps
  fi
  run_step crates "$(crates_fingerprint)" crates_build crates_verify

  if [ -n "$BENCH_NOT_READY" ]; then
    die "not ready:$BENCH_NOT_READY (run: bash it/bench/setup.sh)"
  fi
  smoke_run

  if [ "$BENCH_MODE" = check ]; then
    write_properties "$BENCH_TMP/bench.properties.expected"
    cmp -s "$BENCH_TMP/bench.properties.expected.tmp" "$BENCH_PROPERTIES" ||
      die "$BENCH_PROPERTIES is missing or stale (run: bash it/bench/setup.sh)"
    log "ready: $BENCH_PROPERTIES ($(elapsed_since "$start"))"
  else
    write_properties "$BENCH_PROPERTIES"
    mv "$BENCH_PROPERTIES.tmp" "$BENCH_PROPERTIES"
    log "ready: wrote $BENCH_PROPERTIES ($(elapsed_since "$start"))"
  fi
}

main "$@"
