# shellcheck shell=bash
# sccache, the compiler cache cargo runs rustc through (RUSTC_WRAPPER), from Debian's package: SccacheIT
# builds with it on two "machines" (two servers, two cache directories) to prove that a restored cache
# serves a fresh checkout. Debian's build has the local-disk cache only, which is what a CI cache restores.

SCCACHE_PACKAGE="sccache"

sccache_fingerprint() { printf 'sccache|%s' "$(file_hash "$BENCH_LIB/sccache.sh")"; }

sccache_path() { command -v sccache 2>/dev/null || true; }

sccache_build() {
  [ -n "$(sccache_path)" ] && return 0
  apt_install "$SCCACHE_PACKAGE"
}

sccache_verify() {
  local sccache out
  sccache=$(sccache_path)
  [ -n "$sccache" ] || { echo "sccache is not on the PATH"; return 1; }
  out=$("$sccache" --version 2>&1) || { echo "$sccache --version failed: $out"; return 1; }
  case "$out" in sccache\ *) ;; *) echo "$sccache --version says: ${out%%$'\n'*}"; return 1 ;; esac
}
