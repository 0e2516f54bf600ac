# shellcheck shell=bash
# The bench compiler: Debian's rustc-web, cargo-web and rust-web-src (the newest version the archive
# has, whose source package vendors std's dependencies), unpacked into the cache with dpkg-deb so that
# the machine's own /usr/bin/rustc and /usr/bin/cargo stay untouched. Wrapper scripts set
# LD_LIBRARY_PATH for the unpacked libLLVM, librustc_driver and libgit2.

TOOLCHAIN_PACKAGES="rustc-web cargo-web rust-web-src libstd-rust-web-dev"

toolchain_fingerprint() {
  printf 'toolchain|%s|%s' "$(file_hash "$BENCH_LIB/toolchain.sh")" "${RUST_MAVEN_BENCH_RUST_VERSION:-newest}"
}

# What the steps built with the compiler depend on: the exact compiler build, not the recipe that
# unpacked it (a std only works with the compiler build it came from).
toolchain_identity() {
  printf '%s|%s' "$(cat "$TOOLCHAIN_DIR/DEBIAN-VERSION" 2>/dev/null)" "$(sed -n 's/^commit-hash: //p' "$TOOLCHAIN_DIR/rustc-vV.txt" 2>/dev/null)"
}

# The Debian version of rustc-web to use: RUST_MAVEN_BENCH_RUST_VERSION, else the newest one
# for which rust-web-src exists at the same version.
toolchain_resolve_version() {
  local v=${RUST_MAVEN_BENCH_RUST_VERSION:-}
  if [ -z "$v" ]; then
    v=$(apt_highest_version rustc-web)
    if [ -z "$v" ]; then
      apt_update_once
      v=$(apt_highest_version rustc-web)
    fi
  fi
  [ -n "$v" ] || die "apt knows no rustc-web package; run 'apt-get update' (Debian 12 bookworm with bookworm-security is expected)"
  local p
  for p in $TOOLCHAIN_PACKAGES; do
    grep -qxF "$v" <<<"$(apt-cache madison "$p" | awk -F'|' '{gsub(/ /,"",$2); print $2}')" ||
      die "$p is not available at version $v (rustc-web, cargo-web, rust-web-src and libstd-rust-web-dev must match); set RUST_MAVEN_BENCH_RUST_VERSION to a version all four have"
  done
  printf '%s' "$v"
}

toolchain_build() {
  local version scratch pkgs
  version=$(toolchain_resolve_version)
  log "      Debian Rust $version"
  scratch=$(make_scratch toolchain)
  # apt's own resolver says which packages this machine still lacks for the compiler to run.
  # shellcheck disable=SC2046
  pkgs=$(apt-get -s install --no-install-recommends $(for p in $TOOLCHAIN_PACKAGES; do printf '%s=%s ' "$p" "$version"; done) 2>"$scratch/sim.err" |
    awk '/^Inst /{for (i = 3; i <= NF; i++) if ($i ~ /^\(/) { v = substr($i, 2); break }; print $2 "=" v}') || true
  [ -n "$pkgs" ] || { cat "$scratch/sim.err" >&2; die "apt-get -s install could not resolve $TOOLCHAIN_PACKAGES at $version"; }
  # shellcheck disable=SC2086
  apt_download "$scratch/debs" $pkgs
  rm -rf "$TOOLCHAIN_DIR.new" "$TOOLCHAIN_DIR"
  extract_debs "$scratch/debs" "$TOOLCHAIN_DIR.new"
  # Only std's sources (library/ with its vendor/) are needed for -Zbuild-std: drop the compiler's.
  local src
  src=$(readlink -f "$TOOLCHAIN_DIR.new/usr/lib/rustlib/src/rust")
  case "$src" in "$TOOLCHAIN_DIR.new"/*) ;; *) die "rust-web-src did not unpack to usr/lib/rustlib/src/rust" ;; esac
  rm -rf "$src/compiler" "$src/src" "$TOOLCHAIN_DIR.new/usr/share/doc" "$TOOLCHAIN_DIR.new/usr/share/man"
  mv "$TOOLCHAIN_DIR.new" "$TOOLCHAIN_DIR"
  printf '%s\n' "$version" >"$TOOLCHAIN_DIR/DEBIAN-VERSION"
  printf '%s\n' "$pkgs" >"$TOOLCHAIN_DIR/PACKAGES"
  toolchain_write_wrappers
  "$TOOLCHAIN_DIR/bin/rustc" -vV >"$TOOLCHAIN_DIR/rustc-vV.txt" || die "the unpacked rustc does not run"
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
  [ "$RUST_HOST" = "$BENCH_HOST_TRIPLE" ] || { echo "bench rustc host is $RUST_HOST, expected $BENCH_HOST_TRIPLE"; return 1; }
  ls "$RUST_SYSROOT/lib/rustlib/$BENCH_HOST_TRIPLE/lib/"libstd-*.rlib >/dev/null 2>&1 || { echo "no host std in $RUST_SYSROOT"; return 1; }
  [ -f "$RUST_SYSROOT/lib/rustlib/src/rust/library/Cargo.lock" ] || { echo "no std sources (rust-web-src) in $RUST_SYSROOT"; return 1; }
  ls "$RUST_SYSROOT/lib/rustlib/src/rust/library/vendor/"*/.cargo-checksum.json >/dev/null 2>&1 || { echo "no vendored std dependencies in rust-web-src"; return 1; }
}
