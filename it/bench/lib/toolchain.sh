# shellcheck shell=bash
# The bench compiler: Debian's rustc-web, cargo-web and rust-web-src (the newest release of at least
# BENCH_RUST_MIN_RELEASE that the archive has), unpacked into the cache with dpkg-deb so that the
# machine's own /usr/bin/rustc and /usr/bin/cargo stay untouched. Wrapper scripts set
# LD_LIBRARY_PATH for the unpacked libLLVM, librustc_driver and libgit2.

TOOLCHAIN_PACKAGES="rustc-web cargo-web rust-web-src libstd-rust-web-dev"
# The oldest Rust release the bench can use. rust-web-src carries std's own dependencies
# (library/vendor), which -Zbuild-std needs without crates.io, only from 1.96 on; 1.85's lacks them.
# A release, not a Debian version: Debian's security suite keeps only its latest upload, so any
# Debian revision of 1.96 or a newer release will do.
BENCH_RUST_MIN_RELEASE=1.96.0
# Not unpacked: the host's C library and C toolchain (and what they depend on). The compiler runs with
# the machine's own (rustc links build scripts with the host cc; preflight requires it), and a second
# libc next to the machine's dynamic loader would break every program started with the wrappers.
TOOLCHAIN_HOST_BASE="libc6 libc6-dev gcc binutils"

toolchain_fingerprint() {
  printf 'toolchain|%s|%s' "$(file_hash "$BENCH_LIB/toolchain.sh")" "${RUST_MAVEN_BENCH_RUST_VERSION:-newest>=$BENCH_RUST_MIN_RELEASE}"
}

# What the steps built with the compiler depend on: the exact compiler build, not the recipe that
# unpacked it (a std only works with the compiler build it came from).
toolchain_identity() {
  printf '%s|%s' "$(cat "$TOOLCHAIN_DIR/DEBIAN-VERSION" 2>/dev/null)" "$(sed -n 's/^commit-hash: //p' "$TOOLCHAIN_DIR/rustc-vV.txt" 2>/dev/null)"
}

# Whether every toolchain package is offered at exactly this Debian version.
toolchain_complete_at() {
  local p
  for p in $TOOLCHAIN_PACKAGES; do
    grep -qxF "$1" <<<"$(apt_versions "$p")" || return 1
  done
}

# The newest Debian version of rustc-web whose release is at least BENCH_RUST_MIN_RELEASE and at which
# all four toolchain packages are offered; empty when there is none.
toolchain_pick_version() {
  local best="" v
  for v in $(apt_versions rustc-web); do
    dpkg --compare-versions "$(debian_upstream "$v")" ge "$BENCH_RUST_MIN_RELEASE" || continue
    toolchain_complete_at "$v" || continue
    if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
  done
  printf '%s' "$best"
}

# The Debian version to unpack: RUST_MAVEN_BENCH_RUST_VERSION, else toolchain_pick_version. Never falls
# back to an older release: without one the run stops, saying what apt offers and why it may lack it.
toolchain_resolve_version() {
  local v=${RUST_MAVEN_BENCH_RUST_VERSION:-} offered
  apt_update_once
  if [ -n "$v" ]; then
    dpkg --compare-versions "$(debian_upstream "$v")" ge "$BENCH_RUST_MIN_RELEASE" ||
      die "RUST_MAVEN_BENCH_RUST_VERSION=$v is older than $BENCH_RUST_MIN_RELEASE, the oldest release whose rust-web-src can build std for the Pi targets; unset it or name a newer version"
    toolchain_complete_at "$v" ||
      die "RUST_MAVEN_BENCH_RUST_VERSION=$v: not all of $TOOLCHAIN_PACKAGES are offered at that version (rustc-web: $(join_lines "$(apt_versions rustc-web)")); unset it to take the newest release >= $BENCH_RUST_MIN_RELEASE"
    printf '%s' "$v"
    return 0
  fi
  v=$(toolchain_pick_version)
  if [ -z "$v" ]; then
    offered=$(join_lines "$(apt_versions rustc-web)")
    die "the Debian archive offers no Rust >= $BENCH_RUST_MIN_RELEASE (rustc-web, cargo-web, rust-web-src and libstd-rust-web-dev at one version); apt knows rustc-web ${offered:-in no version}.${BENCH_APT_FAILED_INDEXES:+ apt-get update could not fetch: $BENCH_APT_FAILED_INDEXES: a mirror in sync, wait a few minutes and re-run.} Debian 12 has it in bookworm-security: check that suite in /etc/apt/sources.list*. The bench needs $BENCH_RUST_MIN_RELEASE because older rust-web-src lacks std's vendored dependencies (it/bench/README.md)."
  fi
  printf '%s' "$v"
}

# The packages to unpack for a toolchain version, name=version one per line: the dependency closure of
# the four packages on an empty machine, minus that of the host base. What is installed here changes
# nothing.
toolchain_packages() {
  local version=$1 p closure base line
  local -a wanted=()
  local -A in_base=()
  for p in $TOOLCHAIN_PACKAGES; do wanted+=("$p=$version"); done
  closure=$(apt_closure "${wanted[@]}")
  # shellcheck disable=SC2086
  base=$(apt_closure $TOOLCHAIN_HOST_BASE)
  while IFS= read -r line; do
    [ -n "$line" ] && in_base[${line%%=*}]=1
  done <<<"$base"
  while IFS= read -r line; do
    [ -n "$line" ] && [ -z "${in_base[${line%%=*}]:-}" ] && printf '%s\n' "$line"
  done <<<"$closure"
  return 0
}

toolchain_build() {
  local version scratch pkgs p
  apt_update_once # here, not only inside $(...), whose subshell would forget that it ran
  version=$(toolchain_resolve_version)
  log "      Debian Rust $version"
  scratch=$(make_scratch toolchain)
  pkgs=$(toolchain_packages "$version")
  for p in $TOOLCHAIN_PACKAGES; do
    grep -qxF "$p=$version" <<<"$pkgs" || die "the dependency closure of the toolchain lacks $p=$version: $(join_lines "$pkgs")"
  done
  log "      $(wc -l <<<"$pkgs") packages: $TOOLCHAIN_PACKAGES and the libraries they need beyond $TOOLCHAIN_HOST_BASE"
  # shellcheck disable=SC2086
  apt_download "$scratch/debs" $pkgs
  rm -rf "$TOOLCHAIN_DIR.new" "$TOOLCHAIN_DIR"
  extract_debs "$scratch/debs" "$TOOLCHAIN_DIR.new"
  # Only std's sources (library/ with its vendor/) are needed for -Zbuild-std: drop the compiler's. Both
  # sides canonical: the link must lead into the unpacked tree, not out of it (to the host's /usr/src).
  local src unpacked
  unpacked=$(readlink -f "$TOOLCHAIN_DIR.new")
  src=$(readlink -f "$TOOLCHAIN_DIR.new/usr/lib/rustlib/src/rust")
  case "$src" in "$unpacked"/*) ;; *) die "rust-web-src did not unpack to usr/lib/rustlib/src/rust under $unpacked (it leads to ${src:-nowhere}): check that the packages $(join_lines "$pkgs") are Debian's, or delete $TOOLCHAIN_DIR.new and re-run" ;; esac
  rm -rf "$src/compiler" "$src/src" "$TOOLCHAIN_DIR.new/usr/share/doc" "$TOOLCHAIN_DIR.new/usr/share/man"
  mv "$TOOLCHAIN_DIR.new" "$TOOLCHAIN_DIR"
  printf '%s\n' "$version" >"$TOOLCHAIN_DIR/DEBIAN-VERSION"
  printf '%s\n' "$pkgs" >"$TOOLCHAIN_DIR/PACKAGES"
  toolchain_write_wrappers
  "$TOOLCHAIN_DIR/bin/rustc" -vV >"$TOOLCHAIN_DIR/rustc-vV.txt" || die "the unpacked rustc does not run (packages: $(join_lines "$pkgs"))"
  rm -rf "$scratch"
}

toolchain_write_wrappers() {
  local libs="$TOOLCHAIN_DIR/usr/lib/x86_64-linux-gnu:$TOOLCHAIN_DIR/lib/x86_64-linux-gnu" tool
  mkdir -p "$TOOLCHAIN_DIR/bin"
  for tool in rustc rustdoc; do
    cat >"$TOOLCHAIN_DIR/bin/$tool" <<WRAPPER
#!/bin/sh
# Bench wrapper: Debian's $tool unpacked under $TOOLCHAIN_DIR needs its own shared libraries.
LD_LIBRARY_PATH="$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec "$TOOLCHAIN_DIR/usr/bin/$tool" "\$@"
WRAPPER
  done
  # cargo would otherwise pick up whatever rustc is first on PATH.
  cat >"$TOOLCHAIN_DIR/bin/cargo" <<WRAPPER
#!/bin/sh
# Bench wrapper: Debian's cargo unpacked under $TOOLCHAIN_DIR, using the bench rustc unless RUSTC is set.
LD_LIBRARY_PATH="$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
RUSTC="\${RUSTC:-$TOOLCHAIN_DIR/bin/rustc}"
RUSTDOC="\${RUSTDOC:-$TOOLCHAIN_DIR/bin/rustdoc}"
export LD_LIBRARY_PATH RUSTC RUSTDOC
exec "$TOOLCHAIN_DIR/usr/bin/cargo" "\$@"
WRAPPER
  chmod 755 "$TOOLCHAIN_DIR/bin/rustc" "$TOOLCHAIN_DIR/bin/rustdoc" "$TOOLCHAIN_DIR/bin/cargo"
}

# Reads `rustc -vV` of the bench compiler into RUST_* variables.
toolchain_load_facts() {
  local f="$TOOLCHAIN_DIR/rustc-vV.txt"
  [ -s "$f" ] || return 1
  RUST_VERBOSE=$(cat "$f")
  RUST_RELEASE=$(sed -n 's/^release: //p' "$f")
  RUST_COMMIT_HASH=$(sed -n 's/^commit-hash: //p' "$f")
  RUST_COMMIT_DATE=$(sed -n 's/^commit-date: //p' "$f")
  RUST_HOST=$(sed -n 's/^host: //p' "$f")
  RUST_SYSROOT="$TOOLCHAIN_DIR/usr"
  [ -n "$RUST_RELEASE" ] && [ -n "$RUST_COMMIT_HASH" ] && [ -n "$RUST_COMMIT_DATE" ] && [ -n "$RUST_HOST" ]
}

toolchain_verify() {
  local rustc="$TOOLCHAIN_DIR/bin/rustc" cargo="$TOOLCHAIN_DIR/bin/cargo"
  if [ ! -x "$rustc" ] || [ ! -x "$cargo" ]; then
    echo "no rustc/cargo wrappers in $TOOLCHAIN_DIR/bin"
    return 1
  fi
  toolchain_load_facts || { echo "no rustc -vV facts in $TOOLCHAIN_DIR"; return 1; }
  local live
  live=$("$rustc" -vV) || { echo "bench rustc does not run"; return 1; }
  [ "$live" = "$RUST_VERBOSE" ] || { echo "bench rustc -vV changed: $live"; return 1; }
  live=$("$cargo" -V) || { echo "bench cargo does not run"; return 1; }
  case "$live" in "cargo $RUST_RELEASE"*) ;; *) echo "bench cargo is not $RUST_RELEASE: $live"; return 1 ;; esac
  [ "$("$rustc" --print sysroot)" = "$RUST_SYSROOT" ] || { echo "bench rustc sysroot is not $RUST_SYSROOT"; return 1; }
  dpkg --compare-versions "$RUST_RELEASE" ge "$BENCH_RUST_MIN_RELEASE" ||
    { echo "bench rustc is $RUST_RELEASE, older than the $BENCH_RUST_MIN_RELEASE the bench needs"; return 1; }
  [ "$RUST_HOST" = "$BENCH_HOST_TRIPLE" ] || { echo "bench rustc host is $RUST_HOST, expected $BENCH_HOST_TRIPLE"; return 1; }
  ls "$RUST_SYSROOT/lib/rustlib/$BENCH_HOST_TRIPLE/lib/"libstd-*.rlib >/dev/null 2>&1 || { echo "no host std in $RUST_SYSROOT"; return 1; }
  [ -f "$RUST_SYSROOT/lib/rustlib/src/rust/library/Cargo.lock" ] || { echo "no std sources (rust-web-src) in $RUST_SYSROOT"; return 1; }
  ls "$RUST_SYSROOT/lib/rustlib/src/rust/library/vendor/"*/.cargo-checksum.json >/dev/null 2>&1 || { echo "no vendored std dependencies in rust-web-src"; return 1; }
}
