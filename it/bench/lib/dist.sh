# shellcheck shell=bash
# A local mirror of the Rust dist server under $DIST_DIR, laid out exactly like the real one:
#   dist/channel-rust-<release>.toml (+ .sha256 in sha256sum format)
#   dist/<date>/rust-std-<release>-<triple>.tar.{xz,gz} (+ .sha256) in the rust-installer layout
#   dist/<date>/{rustc,cargo}-<release>-<host>.tar.gz and rust-std-<release>-<host>.tar.{xz,gz}:
#     whole host toolchains, of the bench compiler and of rustup's stable (lib/hostdist.sh)
#   dist/channel-rust-stable.toml, a copy of the newest release's manifest
# URLs inside the manifest keep the official prefix; the plugin swaps it for the mirror's root.

DIST_OFFICIAL_PREFIX="https://static.rust-lang.org/dist"
# Listed in the manifest as not available, so that the plugin's handling of them can be tested.
DIST_UNAVAILABLE_TARGETS="arm-unknown-linux-musleabihf riscv64gc-unknown-linux-gnu armv5te-unknown-linux-gnueabi"

# rust-lld and the libLLVM it loads, from a rustup toolchain on this machine (Debian's rustc-web
# ships no rust-lld). Prints the toolchain directory, or nothing.
dist_lld_source() {
  local home=${RUSTUP_HOME:-$HOME/.rustup} d
  for d in "$home"/toolchains/stable-"$BENCH_HOST_TRIPLE" "$home"/toolchains/*-"$BENCH_HOST_TRIPLE"; do
    if [ -x "$d/lib/rustlib/$BENCH_HOST_TRIPLE/bin/rust-lld" ]; then
      printf '%s' "$d"
      return 0
    fi
  done
}

dist_fingerprint() {
  local t fps=""
  for t in $BENCH_TARGETS; do fps="$fps|$(std_fingerprint "$t")"; done
  printf 'dist|%s|%s|%s|%s|%s|%s' "$(file_hash "$BENCH_LIB/dist.sh")" "$(file_hash "$BENCH_LIB/hostdist.sh")" "$(toolchain_identity)" \
    "$(dist_lld_source)" "$(hostdist_upstream_fingerprint)" "$(printf '%s' "$fps" | sha256sum | cut -c1-16)"
}

sha_of() { cut -d' ' -f1 <"$1.sha256"; }

# manifest_target_entry PKG TRIPLE BASE DATED_DIR [DATE]: [pkg.<name>.target.<triple>] for an available
# component tarball; xz_url/xz_hash only when there is a .tar.xz (the big host toolchain ones are gz only).
manifest_target_entry() {
  local pkg=$1 triple=$2 base=$3 dated=$4 date=${5:-$RUST_COMMIT_DATE}
  cat <<TOML

[pkg.$pkg.target.$triple]
available = true
url = "$DIST_OFFICIAL_PREFIX/$date/$base.tar.gz"
hash = "$(sha_of "$dated/$base.tar.gz")"
TOML
  [ ! -f "$dated/$base.tar.xz" ] || printf 'xz_url = "%s"\nxz_hash = "%s"\n' "$DIST_OFFICIAL_PREFIX/$date/$base.tar.xz" "$(sha_of "$dated/$base.tar.xz")"
}

# Tarballs of the previous mirror whose inputs did not change are reused (hard-linked) instead of
# being packed again: packing libLLVM alone takes a minute.
# dist_reuse_component BASE FINGERPRINT DATED_DIR [EXTENSIONS]
dist_reuse_component() {
  local base=$1 fp=$2 dated=$3 exts=${4:-tar.xz tar.gz tar.xz.sha256 tar.gz.sha256} old ext
  old="$DIST_DIR/dist/${dated##*/}"
  [ "$(stamp_read "component-$base")" = "$fp" ] || return 1
  for ext in $exts; do [ -f "$old/$base.$ext" ] || return 1; done
  for ext in $exts; do cp -l "$old/$base.$ext" "$dated/" 2>/dev/null || cp "$old/$base.$ext" "$dated/"; done
}

# dist_component BASE COMPONENT SOURCE_DIR INPUT_FINGERPRINT DATED_DIR SCRATCH
dist_component() {
  local base=$1 comp=$2 src=$3 fp dated=$5 scratch=$6
  fp="$(file_hash "$BENCH_LIB/package.sh")|$4"
  if dist_reuse_component "$base" "$fp" "$dated"; then
    log "      $base.tar.{xz,gz} (unchanged)"
    return 0
  fi
  log "      $base.tar.{xz,gz}"
  stamp_clear "component-$base"
  make_component "$scratch" "$base" "$comp" "$src" "$dated" "$RUST_COMMIT_DATE 00:00:00Z"
  stamp_write "component-$base" "$fp"
}

dist_build() {
  local scratch new dated t version lld_src
  toolchain_load_facts || die "toolchain facts missing; the toolchain step must run first"
  scratch=$(make_scratch dist)
  new="$DIST_DIR.new"
  rm -rf "$new"
  dated="$new/dist/$RUST_COMMIT_DATE"
  mkdir -p "$dated"
  for t in $BENCH_TARGETS; do
    dist_component "rust-std-$RUST_RELEASE-$t" "rust-std-$t" "$STD_DIR/$t" "$(std_fingerprint "$t")" "$dated" "$scratch"
  done
  lld_src=$(dist_lld_source)
  if [ -z "$lld_src" ] && [ "${CI:-}" = true ]; then
    die "no rustup toolchain with rust-lld under ${RUSTUP_HOME:-$HOME/.rustup}/toolchains: the mirror's rustc component (LLD) cannot be made; install rustup's stable toolchain"
  elif [ -z "$lld_src" ]; then
    warn "no rustup toolchain with rust-lld: the mirror's rustc component has no rust-lld, and rust.lld stays unset"
  fi
  # The bench compiler as a whole host toolchain: rustc (with rust-lld), cargo, the host's rust-std.
  hostdist_build_cross "$dated" "$scratch" "$lld_src"
  version="$RUST_RELEASE (${RUST_COMMIT_HASH:0:9} $RUST_COMMIT_DATE)"
  {
    printf 'manifest-version = "2"\ndate = "%s"\n' "$RUST_COMMIT_DATE"
    printf '\n[pkg.cargo]\nversion = "%s"\n' "$(hostdist_cross_cargo_version)"
    manifest_target_entry cargo "$BENCH_HOST_TRIPLE" "cargo-$RUST_RELEASE-$BENCH_HOST_TRIPLE" "$dated"
    printf '\n[pkg.rust-std]\nversion = "%s"\n' "$version"
    # shellcheck disable=SC2086
    for t in $(printf '%s\n' "$BENCH_HOST_TRIPLE" $BENCH_TARGETS $DIST_UNAVAILABLE_TARGETS | LC_ALL=C sort); do
      if [ -f "$dated/rust-std-$RUST_RELEASE-$t.tar.xz" ]; then
        manifest_target_entry rust-std "$t" "rust-std-$RUST_RELEASE-$t" "$dated"
      else
        printf '\n[pkg.rust-std.target.%s]\navailable = false\n' "$t"
      fi
    done
    printf '\n[pkg.rustc]\nversion = "%s"\ngit_commit_hash = "%s"\n' "$version" "$RUST_COMMIT_HASH"
    manifest_target_entry rustc "$BENCH_HOST_TRIPLE" "rustc-$RUST_RELEASE-$BENCH_HOST_TRIPLE" "$dated"
  } >"$new/dist/channel-rust-$RUST_RELEASE.toml"
  (cd "$new/dist" && sha256sum "channel-rust-$RUST_RELEASE.toml" >"channel-rust-$RUST_RELEASE.toml.sha256")
  # rustup's stable, repacked from its own files.
  if hostdist_upstream_load; then
    hostdist_build_upstream "$new/dist" "$scratch"
  elif hostdist_upstream_present; then
    warn "rustup's stable at $(hostdist_upstream_dir) is not served: its channel manifest lacks a version or date, or it is the bench compiler's release $RUST_RELEASE"
  elif [ "${CI:-}" = true ]; then
    die "no rustup stable toolchain at $(hostdist_upstream_dir) (bin/rustc, lib/rustlib/components, lib/rustlib/multirust-channel-manifest.toml): the mirror's upstream host toolchain cannot be made; install rustup's stable toolchain"
  else
    warn "*** no rustup stable toolchain at $(hostdist_upstream_dir): the mirror serves no upstream host toolchain, and dist.toolchain.upstream stays unset ***"
  fi
  hostdist_write_stable "$new/dist"
  rm -rf "$DIST_DIR"
  mv "$new" "$DIST_DIR"
  rm -rf "$scratch"
}

dist_verify() {
  local d="$DIST_DIR/dist" dated t f sum
  toolchain_load_facts || { echo "toolchain facts missing"; return 1; }
  dated="$d/$RUST_COMMIT_DATE"
  f="$d/channel-rust-$RUST_RELEASE.toml"
  [ -f "$f" ] || { echo "no $f"; return 1; }
  (cd "$d" && sha256sum --quiet -c "channel-rust-$RUST_RELEASE.toml.sha256") || { echo "$f does not match its .sha256"; return 1; }
  grep -qx 'manifest-version = "2"' "$f" || { echo "$f lacks manifest-version 2"; return 1; }
  for t in $BENCH_TARGETS; do
    for f in "rust-std-$RUST_RELEASE-$t.tar.xz" "rust-std-$RUST_RELEASE-$t.tar.gz"; do
      [ -s "$dated/$f" ] || { echo "no $dated/$f"; return 1; }
      sum=$(sha_of "$dated/$f")
      grep -q "\"$sum\"" "$d/channel-rust-$RUST_RELEASE.toml" || { echo "manifest does not carry the hash of $f"; return 1; }
    done
    grep -q "^xz_url = \"$DIST_OFFICIAL_PREFIX/$RUST_COMMIT_DATE/rust-std-$RUST_RELEASE-$t.tar.xz\"$" "$d/channel-rust-$RUST_RELEASE.toml" ||
      { echo "manifest has no xz_url for $t"; return 1; }
  done
  # The hashes are only looked at cheaply here; the smoke steps unpack every tarball.
  hostdist_upstream_load || true
  hostdist_verify
}

dist_targets_csv() { printf '%s' "$BENCH_TARGETS" | tr ' ' ','; }
dist_unavailable_csv() { printf '%s' "$DIST_UNAVAILABLE_TARGETS" | tr ' ' ','; }

# ---------------------------------------------------------------- LLD, unpacked from the mirror

lld_fingerprint() { printf 'lld|%s|%s' "$(file_hash "$BENCH_LIB/dist.sh")" "$(dist_fingerprint)"; }

# Whether the mirror's rustc component carries rust-lld (it does when rustup's toolchain gave one).
lld_available() { [ -n "$(dist_lld_source)" ] && [ -f "$DIST_DIR/dist/$RUST_COMMIT_DATE/rustc-$RUST_RELEASE-$BENCH_HOST_TRIPLE.tar.gz" ]; }

lld_path() { printf '%s' "$LLD_DIR/rustc/lib/rustlib/$BENCH_HOST_TRIPLE/bin/rust-lld"; }

# Unpacks of the mirror's rustc component what the plugin's linker filter keeps (rust-lld, gcc-ld/,
# lib/libLLVM*): proves that rust-lld runs with only those, and gives the smoke step an LLD.
lld_build() {
  local top
  toolchain_load_facts || die "toolchain facts missing"
  rm -rf "$LLD_DIR" "$LLD_DIR.new"
  mkdir -p "$LLD_DIR.new"
  if lld_available; then
    top="rustc-$RUST_RELEASE-$BENCH_HOST_TRIPLE/rustc"
    tar -xzf "$DIST_DIR/dist/$RUST_COMMIT_DATE/rustc-$RUST_RELEASE-$BENCH_HOST_TRIPLE.tar.gz" -C "$LLD_DIR.new" --strip-components=1 \
      --wildcards --no-wildcards-match-slash "$top/lib/rustlib/$BENCH_HOST_TRIPLE/bin/rust-lld" \
      "$top/lib/rustlib/$BENCH_HOST_TRIPLE/bin/gcc-ld/*" "$top/lib/libLLVM*"
  fi
  mv "$LLD_DIR.new" "$LLD_DIR"
}

lld_verify() {
  toolchain_load_facts || { echo "toolchain facts missing"; return 1; }
  lld_available || return 0
  local out
  out=$("$(lld_path)" -flavor gnu --version 2>&1) || { echo "rust-lld from the mirror does not run: $out"; return 1; }
  case "$out" in LLD*) ;; *) echo "rust-lld --version said: $out"; return 1 ;; esac
}
