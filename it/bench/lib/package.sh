# shellcheck shell=bash
# Packing rust-installer component tarballs for the dist-server mirror. Kept apart from dist.sh so
# that a tarball is only re-packed when this recipe or its input changes, not when the manifest
# code does.

# xz -1 and gzip -1: packing the mirror took two minutes at xz -3 / gzip -6, and the tarballs are
# only 3 % (xz) and 9 % (gzip) larger this way (measured on the armv7 rust-std, 100 MB of rlibs).
DIST_XZ_LEVEL=${RUST_MAVEN_BENCH_XZ_LEVEL:-1}

# make_component STAGE_PARENT BASENAME COMPONENT SOURCE_DIR OUT_DIR MTIME
# Packs SOURCE_DIR/lib as component COMPONENT of an installer tarball BASENAME.tar.{xz,gz} in OUT_DIR.
make_component() {
  local parent=$1 base=$2 comp=$3 src=$4 out=$5 mtime=$6 stage
  stage="$parent/$base"
  rm -rf "$stage"
  mkdir -p "$stage/$comp"
  cp -a "$src/lib" "$stage/$comp/"
  printf '%s\n' "$comp" >"$stage/components"
  printf '3\n' >"$stage/rust-installer-version"
  (cd "$stage/$comp" && find . -type f | sed 's|^\./|file:|' | LC_ALL=C sort) >"$parent/$base.manifest.in"
  mv "$parent/$base.manifest.in" "$stage/$comp/manifest.in"
  # Fixed order, owner and time, so that the same inputs give the same hashes.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$parent" -cf "$parent/$base.tar" "$base"
  xz -T2 "-$DIST_XZ_LEVEL" -c "$parent/$base.tar" >"$out/$base.tar.xz"
  gzip -1 -n -c "$parent/$base.tar" >"$out/$base.tar.gz"
  rm -rf "$stage" "$parent/$base.tar"
  (cd "$out" && sha256sum "$base.tar.xz" >"$base.tar.xz.sha256" && sha256sum "$base.tar.gz" >"$base.tar.gz.sha256")
}

# The part of a rustc component that matters for linking: rust-lld, its gcc-ld/ld.lld shim and the
# libLLVM shared library rust-lld loads through its $ORIGIN/../../../ run path (lib/).
dist_stage_lld() {
  local src=$1 dest=$2 bin="lib/rustlib/$BENCH_HOST_TRIPLE/bin" lib
  mkdir -p "$dest/$bin/gcc-ld" "$dest/lib"
  cp "$src/$bin/rust-lld" "$dest/$bin/"
  if [ -x "$src/$bin/gcc-ld/ld.lld" ]; then cp "$src/$bin/gcc-ld/ld.lld" "$dest/$bin/gcc-ld/"; fi
  for lib in $(readelf -d "$src/$bin/rust-lld" | sed -n 's/.*(NEEDED).*\[\(libLLVM[^]]*\)\].*/\1/p'); do
    [ -f "$src/lib/$lib" ] || die "rust-lld in $src needs $lib, which is not in $src/lib"
    cp "$src/lib/$lib" "$dest/lib/"
  done
}

