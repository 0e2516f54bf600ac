# shellcheck shell=bash
# Whole host toolchains on the dist-server mirror, for the plugin's rust.version: the packages rustc,
# cargo and rust-std of the host, each in the rust-installer layout the real server uses, for two
# releases:
#   - rustup's stable (1.95.0 on this machine), repacked from rustup's own files: the toolchain
#     directory keeps one file list per installed component (lib/rustlib/manifest-<component>-<host>)
#     and the channel manifest it was installed from (versions and date come from there);
#   - the bench compiler (Debian's rustc-web, $RUST_RELEASE), made relocatable: Debian's binaries and
#     the libraries they need beyond the host's base system under lib/, with a RUNPATH set by
#     patchelf, so that the unpacked tree runs from anywhere without LD_LIBRARY_PATH or wrappers.
# The big rustc and cargo tarballs are packed with gzip only (url/hash, no xz_url/xz_hash): xz on
# several hundred MB of shared libraries takes minutes on this 2-core machine, gzip -1 seconds.
# After the mirror is made, hostdist_smoke unpacks every set the way an installer does and builds a
# hello-world crate with it (the host-toolchains step).

HOSTDIST_PATCHELF=patchelf

# ---------------------------------------------------------------- patchelf, installed like clang

patchelf_fingerprint() { printf 'patchelf|%s' "$(file_hash "$BENCH_LIB/hostdist.sh")"; }

patchelf_path() { command -v "$HOSTDIST_PATCHELF" 2>/dev/null || true; }

patchelf_build() {
  [ -n "$(patchelf_path)" ] && return 0
  apt_install "$HOSTDIST_PATCHELF" "the mirror's relocatable rustc needs it"
}

patchelf_verify() {
  local p out
  p=$(patchelf_path)
  [ -n "$p" ] || { echo "$HOSTDIST_PATCHELF is not on the PATH"; return 1; }
  out=$("$p" --version 2>&1) || { echo "$p --version failed: $out"; return 1; }
  case "$out" in "patchelf "[0-9]*) ;; *) echo "$p --version says: $out"; return 1 ;; esac
}

# ---------------------------------------------------------------- rustup's stable toolchain

hostdist_upstream_dir() { printf '%s' "${RUSTUP_HOME:-$HOME/.rustup}/toolchains/stable-$BENCH_HOST_TRIPLE"; }

# Whether rustup's stable toolchain is there with what repacking it needs.
hostdist_upstream_present() {
  local d
  d=$(hostdist_upstream_dir)
  [ -x "$d/bin/rustc" ] && [ -f "$d/lib/rustlib/components" ] && [ -f "$d/lib/rustlib/multirust-channel-manifest.toml" ]
}

# hostdist_manifest_value FILE SECTION KEY: the string value of KEY in [SECTION] (top level when
# SECTION is empty) of a TOML manifest, read with awk only: the real manifest is about 1 MB.
hostdist_manifest_value() {
  awk -v want="$2" -v key="$3" '
    /^\[/ { section = substr($0, 2, length($0) - 2); next }
    section == want && index($0, key " = \"") == 1 {
      v = substr($0, length(key) + 5); sub(/"[ \t]*$/, "", v); print v; exit
    }' "$1"
}

# Reads what the mirror needs of rustup's stable into HOSTDIST_UP_* variables; fails when it is
# missing or incomplete. The commit hash comes from the manifest's [pkg.rustc] git_commit_hash when it
# has one (this machine's 1.95.0 manifest has none), else from that rustc's own -vV.
hostdist_upstream_load() {
  local d m
  HOSTDIST_UP_DIR=""
  hostdist_upstream_present || return 1
  d=$(hostdist_upstream_dir)
  m="$d/lib/rustlib/multirust-channel-manifest.toml"
  HOSTDIST_UP_DATE=$(hostdist_manifest_value "$m" "" date)
  HOSTDIST_UP_VERSION=$(hostdist_manifest_value "$m" pkg.rustc version)
  HOSTDIST_UP_CARGO_VERSION=$(hostdist_manifest_value "$m" pkg.cargo version)
  HOSTDIST_UP_COMMIT=$(hostdist_manifest_value "$m" pkg.rustc git_commit_hash)
  [ -n "$HOSTDIST_UP_COMMIT" ] || HOSTDIST_UP_COMMIT=$("$d/bin/rustc" -vV 2>/dev/null | sed -n 's/^commit-hash: //p')
  HOSTDIST_UP_RELEASE=${HOSTDIST_UP_VERSION%% *}
  [ -n "$HOSTDIST_UP_DATE" ] && [ -n "$HOSTDIST_UP_RELEASE" ] && [ -n "$HOSTDIST_UP_CARGO_VERSION" ] && [ -n "$HOSTDIST_UP_COMMIT" ] || return 1
  # Two toolchains of one release would share a manifest: only the bench's own is served then.
  [ "$HOSTDIST_UP_RELEASE" != "$RUST_RELEASE" ] || return 1
  HOSTDIST_UP_DIR=$d
}

# What the repacked tarballs depend on: the file lists and the channel manifest rustup wrote.
hostdist_upstream_fingerprint() {
  local d f out=""
  hostdist_upstream_present || { printf 'no-rustup-stable'; return 0; }
  d=$(hostdist_upstream_dir)
  for f in "$d/lib/rustlib/components" "$d/lib/rustlib/multirust-channel-manifest.toml" "$d/lib/rustlib/manifest-"*; do
    out="$out|${f##*/}:$(stat -c %s-%Y "$f")"
  done
  printf '%s%s' "$d" "$out"
}

# The component names of a toolchain: "<tarball name>:<component in the tarball>:<rustup's name>".
hostdist_components() {
  printf '%s\n' "rustc:rustc:rustc-$BENCH_HOST_TRIPLE" "cargo:cargo:cargo-$BENCH_HOST_TRIPLE" \
    "rust-std:rust-std-$BENCH_HOST_TRIPLE:rust-std-$BENCH_HOST_TRIPLE"
}

# hostdist_stage_upstream RUSTUP_NAME DEST: a component of rustup's stable, its files hard-linked (or
# copied) from the toolchain directory at the paths rustup's manifest-<component> lists, which becomes
# the component's manifest.in as it is (rustup wrote it from the real tarball's).
hostdist_stage_upstream() {
  local name=$1 dest=$2 d list
  local -a paths
  d=$(hostdist_upstream_dir)
  list="$d/lib/rustlib/manifest-$name"
  grep -qxF "$name" "$d/lib/rustlib/components" || die "rustup's $d does not list component $name in lib/rustlib/components"
  [ -s "$list" ] || die "rustup's $d has no file list $list"
  mapfile -t paths < <(sed -n 's/^\(file\|dir\)://p' "$list")
  [ "${#paths[@]}" = "$(grep -c . "$list")" ] || die "$list has lines other than file:<path> and dir:<path>"
  (cd "$d" && cp -al --parents -- "${paths[@]}" "$dest/" 2>/dev/null) ||
    (cd "$d" && cp -a --parents -- "${paths[@]}" "$dest/") || die "cannot copy the files of $name from $d"
  cp "$list" "$dest/manifest.in"
}

# ---------------------------------------------------------------- the bench compiler, relocatable

HOSTDIST_DEBIAN_LIBDIRS="usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu"

# Whether the host's dynamic loader knows a library (the host's base system: libc, libgcc_s,
# libstdc++, libssl, zlib, ...).
hostdist_host_has() {
  [ -n "${HOSTDIST_LDCONFIG:-}" ] || HOSTDIST_LDCONFIG=$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p)
  awk -v n="$1" '$1 == n { found = 1 } END { exit !found }' <<<"$HOSTDIST_LDCONFIG"
}

# hostdist_debian_libs ELF...: the shared libraries the ELF files need, transitively, that come from
# the unpacked Debian toolchain, one path per line. Every other one must be the host's.
hostdist_debian_libs() {
  local -A seen=()
  local -a queue=("$@")
  local f n d found
  while [ "${#queue[@]}" -gt 0 ]; do
    f=${queue[0]}
    queue=("${queue[@]:1}")
    for n in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
      [ -z "${seen[$n]:-}" ] || continue
      seen[$n]=1
      found=""
      for d in $HOSTDIST_DEBIAN_LIBDIRS; do
        if [ -e "$TOOLCHAIN_DIR/$d/$n" ]; then found="$TOOLCHAIN_DIR/$d/$n" && break; fi
      done
      if [ -n "$found" ]; then
        printf '%s\n' "$found"
        queue+=("$found")
      else
        hostdist_host_has "$n" || die "${f##*/} needs $n, which neither the unpacked toolchain nor the host has"
      fi
    done
  done
}

# hostdist_stage_binaries DEST LIBS_TO_SKIP TOOL...: Debian's tools into DEST/bin and the libraries
# they need (minus those listed in the file LIBS_TO_SKIP, which another component carries) into
# DEST/lib, as regular files under their soname. Then the run paths: $ORIGIN/../lib on the tools,
# $ORIGIN on each library that loads another one of lib/. Debian's rustc finds its sysroot from
# librustc_driver's directory (the parent of lib/, a multiarch lib/<tuple> stripped too), so with the
# library in lib/ the sysroot is the unpack root.
hostdist_stage_binaries() {
  local dest=$1 skip=$2 tool lib n
  shift 2
  mkdir -p "$dest/bin" "$dest/lib"
  for tool in "$@"; do
    cp "$TOOLCHAIN_DIR/usr/bin/$tool" "$dest/bin/$tool"
    chmod 755 "$dest/bin/$tool"
  done
  (cd "$dest/bin" && hostdist_debian_libs "$@") >"$dest.libs"
  while IFS= read -r lib; do
    grep -qxF "$lib" "$skip" 2>/dev/null && continue
    cp -L "$lib" "$dest/lib/${lib##*/}"
    chmod 644 "$dest/lib/${lib##*/}"
  done <"$dest.libs"
  for tool in "$@"; do "$HOSTDIST_PATCHELF" --set-rpath "\$ORIGIN/../lib" "$dest/bin/$tool"; done
  sed 's|.*/||' "$dest.libs" >"$dest.sonames"
  for lib in "$dest/lib/"*.so*; do
    [ -f "$lib" ] || continue
    for n in $(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
      if grep -qxF "$n" "$dest.sonames"; then
        "$HOSTDIST_PATCHELF" --set-rpath "\$ORIGIN" "$lib"
        break
      fi
    done
  done
}

# rustc and rustdoc with their libraries, Debian's gdb/lldb helpers, and rust-lld with the libLLVM it
# loads (from rustup's toolchain, at the paths of the partial component the mirror had before:
# rust-lld keeps working after the plugin's linker filter, lib/rustlib/<host>/bin/ + lib/libLLVM*).
hostdist_stage_debian_rustc() {
  local lld_src=$1 dest=$2
  hostdist_stage_binaries "$dest" /dev/null rustc rustdoc
  if [ -d "$TOOLCHAIN_DIR/usr/lib/rustlib/etc" ]; then
    mkdir -p "$dest/lib/rustlib"
    cp -rL "$TOOLCHAIN_DIR/usr/lib/rustlib/etc" "$dest/lib/rustlib/"
  fi
  [ -z "$lld_src" ] || dist_stage_lld "$lld_src" "$dest"
  rm -f "$dest.libs" "$dest.sonames"
}

# cargo and the libraries it needs that the rustc component does not carry already: like the real
# packages, cargo is installed beside rustc (one toolchain root), so a library both need is in rustc's.
hostdist_stage_debian_cargo() {
  local dest=$1
  (cd "$TOOLCHAIN_DIR/usr/bin" && hostdist_debian_libs rustc rustdoc) >"$dest.rustc-libs"
  hostdist_stage_binaries "$dest" "$dest.rustc-libs" cargo
  rm -f "$dest.libs" "$dest.sonames" "$dest.rustc-libs"
}

# Debian's libstd-rust-web-dev rlibs for the host, where rustc looks for them.
hostdist_stage_debian_std() {
  local dest=$1 rl="lib/rustlib/$BENCH_HOST_TRIPLE/lib"
  mkdir -p "$dest/$rl"
  cp -rL "$TOOLCHAIN_DIR/usr/$rl/." "$dest/$rl/"
}

# ---------------------------------------------------------------- packing

# hostdist_component BASE COMPONENT FORMATS INPUT_FP DATED_DIR SCRATCH DATE STAGE_COMMAND...
# Packs BASE.tar.<format> (FORMATS: "gz" or "xz gz") of component COMPONENT into DATED_DIR, the payload
# staged by STAGE_COMMAND <payload dir>; reused from the previous mirror when nothing changed.
hostdist_component() {
  local base=$1 comp=$2 formats=$3 fp dated=$5 scratch=$6 date=$7 exts="" f stage start names
  fp="$(file_hash "$BENCH_LIB/hostdist.sh")|$formats|$4"
  shift 7
  for f in $formats; do exts="$exts tar.$f tar.$f.sha256"; done
  names="$base.tar.$(printf '%s' "$formats" | sed 's/ /,/g; s/^\(.*,.*\)$/{\1}/')"
  if dist_reuse_component "$base" "$fp" "$dated" "$exts"; then
    log "      $names (unchanged)"
    return 0
  fi
  start=$(now_ms)
  stamp_clear "component-$base"
  stage="$scratch/$base"
  rm -rf "$stage"
  mkdir -p "$stage/$comp"
  "$@" "$stage/$comp"
  if [ ! -f "$stage/$comp/manifest.in" ]; then
    (cd "$stage/$comp" && find . -type f | sed 's|^\./|file:|' | LC_ALL=C sort) >"$scratch/$base.manifest.in"
    mv "$scratch/$base.manifest.in" "$stage/$comp/manifest.in"
  fi
  printf '%s\n' "$comp" >"$stage/components"
  printf '3\n' >"$stage/rust-installer-version"
  [ -z "$(find "$stage" -type l -print -quit)" ] || die "component $base would hold symbolic links: $(find "$stage" -type l | sed -n 1,3p | paste -sd ' ')"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$date 00:00:00Z" -C "$scratch" -cf "$scratch/$base.tar" "$base"
  rm -rf "$stage"
  for f in $formats; do
    case "$f" in
      xz) xz -T2 "-$DIST_XZ_LEVEL" -c "$scratch/$base.tar" >"$dated/$base.tar.xz" ;;
      gz) gzip -1 -n -c "$scratch/$base.tar" >"$dated/$base.tar.gz" ;;
      *) die "unknown tarball format $f" ;;
    esac
    (cd "$dated" && sha256sum "$base.tar.$f" >"$base.tar.$f.sha256")
  done
  rm -f "$scratch/$base.tar"
  stamp_write "component-$base" "$fp"
  log "      $names ($(du -m "$dated/$base.tar.gz" | cut -f1) MB gz, $(elapsed_since "$start"))"
}

# The bench compiler's three host packages into DATED_DIR (the rust-std also as .tar.xz, like the
# Pi targets' ones).
hostdist_build_cross() {
  local dated=$1 scratch=$2 lld_src=$3 id
  id="$(toolchain_identity)|${lld_src:-no-lld}"
  hostdist_component "rustc-$RUST_RELEASE-$BENCH_HOST_TRIPLE" rustc gz "$id" "$dated" "$scratch" "$RUST_COMMIT_DATE" \
    hostdist_stage_debian_rustc "$lld_src"
  hostdist_component "cargo-$RUST_RELEASE-$BENCH_HOST_TRIPLE" cargo gz "$id" "$dated" "$scratch" "$RUST_COMMIT_DATE" \
    hostdist_stage_debian_cargo
  hostdist_component "rust-std-$RUST_RELEASE-$BENCH_HOST_TRIPLE" "rust-std-$BENCH_HOST_TRIPLE" "xz gz" "$id" "$dated" "$scratch" \
    "$RUST_COMMIT_DATE" hostdist_stage_debian_std
}

# rustup's stable: three tarballs under dist/<its date>/ and its channel manifest. HOSTDIST_UP_* loaded.
hostdist_build_upstream() {
  local dist=$1 scratch=$2 dated tarball comp name t
  dated="$dist/$HOSTDIST_UP_DATE"
  mkdir -p "$dated"
  while IFS=: read -r tarball comp name; do
    hostdist_component "$tarball-$HOSTDIST_UP_RELEASE-$BENCH_HOST_TRIPLE" "$comp" gz "$(hostdist_upstream_fingerprint)" \
      "$dated" "$scratch" "$HOSTDIST_UP_DATE" hostdist_stage_upstream "$name"
  done < <(hostdist_components)
  {
    printf 'manifest-version = "2"\ndate = "%s"\n' "$HOSTDIST_UP_DATE"
    printf '\n[pkg.cargo]\nversion = "%s"\n' "$HOSTDIST_UP_CARGO_VERSION"
    manifest_target_entry cargo "$BENCH_HOST_TRIPLE" "cargo-$HOSTDIST_UP_RELEASE-$BENCH_HOST_TRIPLE" "$dated" "$HOSTDIST_UP_DATE"
    printf '\n[pkg.rust-std]\nversion = "%s"\n' "$HOSTDIST_UP_VERSION"
    # No rust-std of this release for the Pi targets: the machine cannot build one.
    # shellcheck disable=SC2086
    for t in $(printf '%s\n' "$BENCH_HOST_TRIPLE" $BENCH_TARGETS | LC_ALL=C sort); do
      if [ "$t" = "$BENCH_HOST_TRIPLE" ]; then
        manifest_target_entry rust-std "$t" "rust-std-$HOSTDIST_UP_RELEASE-$t" "$dated" "$HOSTDIST_UP_DATE"
      else
        printf '\n[pkg.rust-std.target.%s]\navailable = false\n' "$t"
      fi
    done
    printf '\n[pkg.rustc]\nversion = "%s"\ngit_commit_hash = "%s"\n' "$HOSTDIST_UP_VERSION" "$HOSTDIST_UP_COMMIT"
    manifest_target_entry rustc "$BENCH_HOST_TRIPLE" "rustc-$HOSTDIST_UP_RELEASE-$BENCH_HOST_TRIPLE" "$dated" "$HOSTDIST_UP_DATE"
  } >"$dist/channel-rust-$HOSTDIST_UP_RELEASE.toml"
  (cd "$dist" && sha256sum "channel-rust-$HOSTDIST_UP_RELEASE.toml" >"channel-rust-$HOSTDIST_UP_RELEASE.toml.sha256")
}

# The releases with a whole host toolchain on the mirror, oldest first, one per line.
hostdist_releases() {
  { [ -z "${HOSTDIST_UP_DIR:-}" ] || printf '%s\n' "$HOSTDIST_UP_RELEASE"; printf '%s\n' "$RUST_RELEASE"; } | sort -V
}

# The release the stable channel manifest is a copy of: the newest.
hostdist_stable_release() { hostdist_releases | tail -n 1; }

# The real server's stable manifest is the newest release's, byte for byte.
hostdist_write_stable() {
  local dist=$1 rel
  rel=$(hostdist_stable_release)
  cp "$dist/channel-rust-$rel.toml" "$dist/channel-rust-stable.toml"
  (cd "$dist" && sha256sum channel-rust-stable.toml >channel-rust-stable.toml.sha256)
}

# Cheap checks of what hostdist_build_* wrote (the host-toolchains step unpacks and runs it all).
hostdist_verify() {
  local d="$DIST_DIR/dist" rel date f tarball comp name
  for rel in $(hostdist_releases); do
    if [ "$rel" = "$RUST_RELEASE" ]; then date=$RUST_COMMIT_DATE; else date=$HOSTDIST_UP_DATE; fi
    f="$d/channel-rust-$rel.toml"
    [ -f "$f" ] || { echo "no $f"; return 1; }
    (cd "$d" && sha256sum --quiet -c "channel-rust-$rel.toml.sha256") || { echo "$f does not match its .sha256"; return 1; }
    while IFS=: read -r tarball comp name; do
      tarball="$tarball-$rel-$BENCH_HOST_TRIPLE.tar.gz"
      [ -s "$d/$date/$tarball" ] || { echo "no $d/$date/$tarball"; return 1; }
      grep -qx "hash = \"$(sha_of "$d/$date/$tarball")\"" "$f" || { echo "$f does not carry the hash of $tarball"; return 1; }
      grep -qx "url = \"$DIST_OFFICIAL_PREFIX/$date/$tarball\"" "$f" || { echo "$f has no url for $tarball"; return 1; }
    done < <(hostdist_components)
  done
  cmp -s "$d/channel-rust-stable.toml" "$d/channel-rust-$(hostdist_stable_release).toml" ||
    { echo "channel-rust-stable.toml is not channel-rust-$(hostdist_stable_release).toml"; return 1; }
  (cd "$d" && sha256sum --quiet -c channel-rust-stable.toml.sha256) || { echo "channel-rust-stable.toml does not match its .sha256"; return 1; }
}

# Debian's cargo -V without its "(built from a source tarball)": the [pkg.cargo] version of the release.
hostdist_cross_cargo_version() { "$TOOLCHAIN_DIR/bin/cargo" -V | sed 's/^cargo //; s/ (built from a source tarball)$//'; }

hostdist_releases_csv() { hostdist_releases | paste -sd ,; }

# ---------------------------------------------------------------- the host-toolchains smoke step
#
# Each release's three tarballs are unpacked into a scratch root the way an installer does (every
# component of `components`, every file: and dir: line of its manifest.in, nothing else), then, with
# no rustup and no ~/.cargo/bin on the PATH: bin/rustc -vV, --print sysroot, bin/cargo -V, and cargo
# builds and runs a hello-world crate offline. Done when the mirror changes; a cached run only checks
# that the tarballs are still the ones that passed (their .sha256 against the step's record).

hostdist_smoke_fingerprint() {
  printf 'host-toolchains|%s|%s' "$(file_hash "$BENCH_LIB/hostdist.sh")" "$(dist_fingerprint)"
}

HOSTDIST_SMOKE_RECORD="host-toolchains.tarballs"

# hostdist_install_tarball TARBALL ROOT: unpacks an installer tarball into ROOT following its
# components and manifest.in lines; modes (executables) are kept.
hostdist_install_tarball() {
  local tarball=$1 root=$2 x top comp line p count
  x=$(make_scratch unpack)
  tar -xzf "$tarball" -C "$x" || die "cannot unpack $tarball"
  top=$(find "$x" -mindepth 1 -maxdepth 1 -type d)
  [ "$(wc -l <<<"$top")" = 1 ] || die "$tarball does not hold one top directory"
  [ "$(cat "$top/rust-installer-version" 2>/dev/null)" = 3 ] || die "$tarball: rust-installer-version is not 3"
  [ -s "$top/components" ] || die "$tarball has no components"
  while IFS= read -r comp; do
    [ -f "$top/$comp/manifest.in" ] || die "$tarball: component $comp has no manifest.in"
    count=0
    while IFS= read -r line; do
      p=${line#*:}
      case "$line" in
        file:*) [ -f "$top/$comp/$p" ] || die "$tarball: manifest.in of $comp lists missing file $p" ;;
        dir:*) [ -d "$top/$comp/$p" ] || die "$tarball: manifest.in of $comp lists missing directory $p" ;;
        *) die "$tarball: unexpected manifest.in line in $comp: $line" ;;
      esac
      mkdir -p "$root/$(dirname "$p")"
      [ ! -e "$root/$p" ] || die "$tarball: $p is already installed by another component"
      mv "$top/$comp/$p" "$root/$p"
      count=$((count + 1))
    done <"$top/$comp/manifest.in"
    rm -f "$top/$comp/manifest.in"
    [ -z "$(find "$top/$comp" -type f -print -quit)" ] || die "$tarball: $comp holds files its manifest.in does not list: $(find "$top/$comp" -type f | sed -n 1,3p | paste -sd ' ')"
    [ "$count" -gt 0 ] || die "$tarball: component $comp is empty"
  done <"$top/components"
  rm -rf "$x"
}

# hostdist_smoke_release RELEASE DATE EXPECTED_VERBOSE_OR_EMPTY EXPECTED_FIRST_LINE CARGO_MANIFEST_VERSION SCRATCH
# cargo -V must say "cargo <release> (<hash> <date>)", the hash and date being those of the manifest's
# [pkg.cargo] version (whose number is cargo's own: 0.96.0 for Rust 1.95.0).
hostdist_smoke_release() {
  local rel=$1 date=$2 want_vv=$3 want_first=$4 cargo_version="$1 ${5#* }" scratch=$6 root home tarball comp name out start
  start=$(now_ms)
  root="$scratch/toolchain-$rel"
  home="$scratch/home-$rel"
  mkdir -p "$root" "$home/hello/src"
  while IFS=: read -r tarball comp name; do
    hostdist_install_tarball "$DIST_DIR/dist/$date/$tarball-$rel-$BENCH_HOST_TRIPLE.tar.gz" "$root"
  done < <(hostdist_components)
  out=$(env -i PATH=/usr/bin:/bin HOME="$home" "$root/bin/rustc" -vV 2>&1) || die "host toolchain $rel: bin/rustc -vV failed: $out"
  if [ -n "$want_vv" ]; then
    [ "$out" = "$want_vv" ] || die "host toolchain $rel: bin/rustc -vV differs from the bench compiler's: $out"
  fi
  [ "${out%%$'\n'*}" = "$want_first" ] || die "host toolchain $rel: bin/rustc -vV says '${out%%$'\n'*}', expected '$want_first'"
  out=$(env -i PATH=/usr/bin:/bin HOME="$home" "$root/bin/rustc" --print sysroot 2>&1) || die "host toolchain $rel: --print sysroot failed: $out"
  [ "$out" = "$root" ] || die "host toolchain $rel: the sysroot is $out, not the unpack root $root"
  out=$(env -i PATH=/usr/bin:/bin HOME="$home" "$root/bin/cargo" -V 2>&1) || die "host toolchain $rel: bin/cargo -V failed: $out"
  case "$out" in "cargo $cargo_version"*) ;; *) die "host toolchain $rel: bin/cargo -V says '$out', expected 'cargo $cargo_version'" ;; esac
  if [ "$rel" = "$RUST_RELEASE" ] && lld_available; then
    out=$("$root/lib/rustlib/$BENCH_HOST_TRIPLE/bin/rust-lld" -flavor gnu --version 2>&1) || die "host toolchain $rel: rust-lld does not run: $out"
  fi
  printf '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n' >"$home/hello/Cargo.toml"
  printf 'fn main() {\n    println!("hello from {}", env!("CARGO_PKG_NAME"));\n}\n' >"$home/hello/src/main.rs"
  # cargo finds rustc on the PATH, as with any toolchain: the unpacked bin/ only, then the host's
  # /usr/bin for the linker (cc).
  env -i PATH="$root/bin:/usr/bin:/bin" HOME="$home" CARGO_HOME="$home/.cargo" \
    "$root/bin/cargo" build --offline --quiet --manifest-path "$home/hello/Cargo.toml" >"$scratch/cargo-$rel.log" 2>&1 || {
    cat "$scratch/cargo-$rel.log" >&2
    die "host toolchain $rel: cargo build of a hello crate failed"
  }
  out=$("$home/hello/target/debug/hello" 2>&1) || die "host toolchain $rel: the hello program failed: $out"
  [ "$out" = "hello from hello" ] || die "host toolchain $rel: the hello program printed '$out'"
  log "      host toolchain $rel: ${want_first}, $(env -i PATH=/usr/bin:/bin "$root/bin/cargo" -V), hello crate built and run ($(elapsed_since "$start"))"
  rm -rf "$root" "$home"
}

# The .sha256 lines of every host toolchain tarball, the record of what passed.
hostdist_tarball_sums() {
  local rel date tarball comp name
  for rel in $(hostdist_releases); do
    if [ "$rel" = "$RUST_RELEASE" ]; then date=$RUST_COMMIT_DATE; else date=$HOSTDIST_UP_DATE; fi
    while IFS=: read -r tarball comp name; do
      cat "$DIST_DIR/dist/$date/$tarball-$rel-$BENCH_HOST_TRIPLE.tar.gz.sha256" 2>/dev/null || printf 'missing %s\n' "$tarball-$rel"
    done < <(hostdist_components)
  done
}

hostdist_smoke_build() {
  local scratch
  toolchain_load_facts || die "toolchain facts missing"
  hostdist_upstream_load || true
  scratch=$(make_scratch host-toolchains)
  stamp_clear "$HOSTDIST_SMOKE_RECORD"
  hostdist_smoke_release "$RUST_RELEASE" "$RUST_COMMIT_DATE" "$RUST_VERBOSE" "${RUST_VERBOSE%%$'\n'*}" \
    "$(hostdist_cross_cargo_version)" "$scratch"
  if [ -n "${HOSTDIST_UP_DIR:-}" ]; then
    hostdist_smoke_release "$HOSTDIST_UP_RELEASE" "$HOSTDIST_UP_DATE" "" "rustc $HOSTDIST_UP_VERSION" \
      "$HOSTDIST_UP_CARGO_VERSION" "$scratch"
  fi
  stamp_write "$HOSTDIST_SMOKE_RECORD" "$(hostdist_tarball_sums)"
  rm -rf "$scratch"
}

hostdist_smoke_verify() {
  toolchain_load_facts || { echo "toolchain facts missing"; return 1; }
  hostdist_upstream_load || true
  [ "$(stamp_read "$HOSTDIST_SMOKE_RECORD")" = "$(hostdist_tarball_sums)" ] ||
    { echo "the mirror's host toolchain tarballs are not the ones the smoke check passed"; return 1; }
}
