# shellcheck shell=bash
# lib/self-contained/ of a musl rust-std: what rustc links into a static musl executable besides
# the rlibs. The C start files, libc.a and the (empty) libdl/libpthread/libm/librt/libutil come from
# Debian's musl-dev for the target's architecture; crtbegin/crtend come from libgcc-<n>-dev, whose
# libgcc_eh.a stands in for LLVM's libunwind.a (Debian's LLVM libunwind is built against glibc).
# The .debs are only unpacked, never installed. Where libgcc_eh.a relies on glibc's
# _dl_find_object (aarch64), dl_find_object.rs, built here with the bench rustc, provides it.

BENCH_LIBGCC_DEV=${RUST_MAVEN_BENCH_LIBGCC_DEV:-libgcc-12-dev}
MUSL_SELF_CONTAINED_FROM_MUSL="crt1.o crti.o crtn.o rcrt1.o Scrt1.o libc.a libdl.a libpthread.a libm.a librt.a libutil.a"
MUSL_SELF_CONTAINED_FROM_GCC="crtbegin.o crtbeginS.o crtend.o crtendS.o"

musl_fingerprint() {
  printf 'musl|%s|%s|%s' "$(file_hash "$BENCH_LIB/musl.sh")" "$(file_hash "$BENCH_LIB/dl_find_object.rs")" "$BENCH_LIBGCC_DEV"
}

# musl_add_self_contained TRIPLE STD_ROOT (STD_ROOT/lib/rustlib/TRIPLE/lib already holds the rlibs)
musl_add_self_contained() {
  local triple=$1 std_root=$2 dest arch scratch musl_dir gcc_dir f
  dest="$std_root/lib/rustlib/$triple/lib/self-contained"
  arch=$(bench_target_debarch "$triple")
  require_foreign_packages
  scratch=$(make_scratch "musl-$arch")
  log "      musl-dev:$arch and $BENCH_LIBGCC_DEV:$arch for lib/self-contained"
  apt_download "$scratch/debs" "musl-dev:$arch" "$BENCH_LIBGCC_DEV:$arch"
  extract_debs "$scratch/debs" "$scratch/root"
  case "$arch" in
    armhf) musl_dir="$scratch/root/usr/lib/arm-linux-musleabihf"; gcc_dir="$scratch/root/usr/lib/gcc/arm-linux-gnueabihf" ;;
    arm64) musl_dir="$scratch/root/usr/lib/aarch64-linux-musl"; gcc_dir="$scratch/root/usr/lib/gcc/aarch64-linux-gnu" ;;
  esac
  gcc_dir=$(find "$gcc_dir" -mindepth 1 -maxdepth 1 -type d -print -quit 2>/dev/null || true)
  [ -n "$gcc_dir" ] || die "$BENCH_LIBGCC_DEV:$arch has no usr/lib/gcc/<triplet>/<version>/; set RUST_MAVEN_BENCH_LIBGCC_DEV to the libgcc-N-dev of this Debian"
  mkdir -p "$dest"
  for f in $MUSL_SELF_CONTAINED_FROM_MUSL; do
    [ -f "$musl_dir/$f" ] || die "musl-dev:$arch lacks $f"
    cp "$musl_dir/$f" "$dest/"
  done
  for f in $MUSL_SELF_CONTAINED_FROM_GCC; do
    [ -f "$gcc_dir/$f" ] || die "$BENCH_LIBGCC_DEV:$arch lacks $f"
    cp "$gcc_dir/$f" "$dest/"
  done
  cp "$gcc_dir/libgcc_eh.a" "$dest/libunwind.a"
  if archive_needs "$dest/libunwind.a" _dl_find_object; then
    musl_add_dl_find_object "$triple" "$std_root" "$dest/libunwind.a" "$scratch"
  fi
  rm -rf "$scratch"
}

# Whether an archive has SYMBOL undefined (needs) or defined. Reads nm's whole output rather than
# its status, which members without symbols can make non-zero.
archive_has_symbol() {
  local syms
  syms=$(nm "$1" "$2" 2>/dev/null || true)
  awk -v s="$3" '$NF == s { found = 1 } END { exit !found }' <<<"$syms"
}
archive_needs() { archive_has_symbol -u "$1" "$2"; }
archive_defines() { archive_has_symbol --defined-only "$1" "$2"; }

musl_add_dl_find_object() {
  local triple=$1 std_root=$2 archive=$3 scratch=$4 obj undefined
  case "$triple" in aarch64-*) ;; *) die "libgcc_eh.a for $triple needs _dl_find_object, which the bench only provides for 64-bit targets" ;; esac
  log "      _dl_find_object for $triple (libgcc_eh.a expects glibc's)"
  obj="$scratch/bench_dl_find_object.o"
  "$TOOLCHAIN_DIR/bin/rustc" --edition 2021 --crate-type lib --crate-name bench_dl_find_object --emit obj \
    -C panic=abort -C opt-level=2 --target "$triple" --sysroot "$std_root" -o "$obj" "$BENCH_LIB/dl_find_object.rs"
  undefined=$(nm -u "$obj" | awk '{print $2}' | tr '\n' ' ')
  [ "$undefined" = "dl_iterate_phdr " ] || die "bench_dl_find_object.o must only need dl_iterate_phdr, it needs: $undefined"
  ar rs "$archive" "$obj" 2>/dev/null
}

musl_verify_self_contained() {
  local triple=$1 dir=$2 f
  for f in $MUSL_SELF_CONTAINED_FROM_MUSL $MUSL_SELF_CONTAINED_FROM_GCC libunwind.a; do
    [ -f "$dir/$f" ] || { echo "rust-std for $triple lacks self-contained/$f"; return 1; }
  done
  if archive_needs "$dir/libunwind.a" _dl_find_object && ! archive_defines "$dir/libunwind.a" _dl_find_object; then
    echo "self-contained/libunwind.a of $triple needs _dl_find_object and does not define it"
    return 1
  fi
}
