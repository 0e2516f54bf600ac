# shellcheck shell=bash
# C for the Pis with the host's clang, no cross gcc: Debian's clang-14 is installed (it targets ARM
# out of the box), and the target's headers come from the Debian mirror's .debs, unpacked into one
# root per architecture and C library under $CC_ROOTS_DIR:
#   <arch>-gnu    libc6-dev + linux-libc-dev   (clang --target=<triple> --sysroot=<root>)
#   <arch>-musl   musl-dev + linux-libc-dev    (clang --target=<triple> -nostdlibinc -isystem ...)
# llvm-ar is optional: the plugin has its own archiver, cc.llvmAr is empty without it.

CC_CLANG="clang-14"

cc_clang_fingerprint() { printf 'clang|%s|%s' "$(file_hash "$BENCH_LIB/cc.sh")" "$CC_CLANG"; }

cc_clang_path() { command -v "$CC_CLANG" 2>/dev/null || true; }

# llvm-ar of the same LLVM, else any llvm-ar on the PATH, else nothing.
cc_llvm_ar_path() {
  local ar
  for ar in "llvm-ar-${CC_CLANG#clang-}" llvm-ar; do
    command -v "$ar" 2>/dev/null && return 0
  done
  return 0
}

cc_clang_build() {
  [ -n "$(cc_clang_path)" ] && return 0
  apt_install "$CC_CLANG"
}

cc_clang_verify() {
  local clang out
  clang=$(cc_clang_path)
  [ -n "$clang" ] || { echo "$CC_CLANG is not on the PATH"; return 1; }
  out=$("$clang" --version 2>&1) || { echo "$clang --version failed: $out"; return 1; }
  case "$out" in *"clang version ${CC_CLANG#clang-}."*) ;; *) echo "$clang --version says: ${out%%$'\n'*}"; return 1 ;; esac
}

# The roots depend on exactly which .debs the mirror holds.
cc_roots_fingerprint() {
  local debs=none
  [ -f "$DEBMIRROR_DIR/BENCH-PACKAGES" ] && debs=$(file_hash "$DEBMIRROR_DIR/BENCH-PACKAGES")
  printf 'cc-roots|%s|%s' "$(file_hash "$BENCH_LIB/cc.sh")" "$debs"
}

cc_root() { printf '%s' "$CC_ROOTS_DIR/$1-$2"; }

# The root of a target's headers.
cc_root_for_target() {
  if bench_target_is_musl "$1"; then cc_root "$(bench_target_debarch "$1")" musl; else cc_root "$(bench_target_debarch "$1")" gnu; fi
}

cc_roots_build() {
  local a libc deb
  rm -rf "$CC_ROOTS_DIR.new" "$CC_ROOTS_DIR"
  for a in $DEBMIRROR_ARCHS; do
    for libc in gnu musl; do
      mkdir -p "$CC_ROOTS_DIR.new/$a-$libc"
      for deb in "$(case "$libc" in gnu) echo libc6-dev ;; musl) echo musl-dev ;; esac)" linux-libc-dev; do
        dpkg-deb -x "$(debmirror_deb "$a" "$deb")" "$CC_ROOTS_DIR.new/$a-$libc" || die "could not unpack $deb:$a"
      done
      rm -rf "$CC_ROOTS_DIR.new/$a-$libc/usr/share"
    done
  done
  mv "$CC_ROOTS_DIR.new" "$CC_ROOTS_DIR"
}

cc_roots_verify() {
  local a gnu musl f
  for a in $DEBMIRROR_ARCHS; do
    gnu=$(cc_root "$a" gnu)
    musl=$(cc_root "$a" musl)
    for f in "$gnu/usr/include/stdio.h" "$gnu/usr/include/$(bench_debarch_gnu_multiarch "$a")/bits/wordsize.h" \
      "$gnu/usr/include/$(bench_debarch_gnu_multiarch "$a")/asm/types.h" "$gnu/usr/include/linux/types.h" \
      "$musl/usr/include/$(bench_debarch_musl_multiarch "$a")/stdio.h" "$musl/usr/include/$(bench_debarch_gnu_multiarch "$a")/asm/types.h"; do
      [ -f "$f" ] || { echo "no $f"; return 1; }
    done
  done
}

# clang's options for a target: the triple, where the target's headers are, and for the ARMv6 Pis the
# CPU the cc crate asks for (Debian's clang makes ARMv7 code for any arm-*-gnueabihf triple).
cc_target_flags() {
  local t=$1 root a
  root=$(cc_root_for_target "$t")
  a=$(bench_target_debarch "$t")
  case "$t" in arm-*) printf '%s\n' -march=armv6 -marm -mfpu=vfp ;; esac
  if bench_target_is_musl "$t"; then
    printf '%s\n' "--target=$t" -nostdlibinc -isystem "$root/usr/include/$(bench_debarch_musl_multiarch "$a")" \
      -isystem "$root/usr/include/$(bench_debarch_gnu_multiarch "$a")" -isystem "$root/usr/include"
  else
    printf '%s\n' "--target=$t" "--sysroot=$root"
  fi
}

# Part of the smoke check: clang compiles a little C (libc and kernel headers) for every target
# against the roots; the object's ELF machine is checked (and the ARM architecture version).
cc_smoke() {
  local out=$1 t obj machine clang attrs
  local -a flags
  clang=$(cc_clang_path)
  cat >"$out/smoke.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>

int bench_c_smoke(char *buf, size_t n, __u32 v) {
    return snprintf(buf, n, "%u", (unsigned) (v + UINT32_C(1)));
}
C
  for t in $BENCH_TARGETS; do
    obj="$out/smoke-c-$t.o"
    mapfile -t flags < <(cc_target_flags "$t")
    "$clang" "${flags[@]}" -O1 -c -o "$obj" "$out/smoke.c" >"$out/clang-$t.log" 2>&1 || {
      cat "$out/clang-$t.log" >&2
      die "smoke: $CC_CLANG cannot compile C for $t against $(cc_root_for_target "$t")"
    }
    machine=$(readelf -h "$obj" 2>/dev/null | sed -n 's/^ *Machine: *//p')
    [ "$machine" = "$(smoke_machine "$t")" ] || die "smoke: $CC_CLANG made an object for $t with ELF machine '$machine', expected $(smoke_machine "$t")"
    attrs=$(readelf -A "$obj" 2>/dev/null || true)
    case "$t" in
      arm-*) grep -qx ' *Tag_CPU_arch: v6' <<<"$attrs" || die "smoke: $CC_CLANG made no ARMv6 object for $t" ;;
      armv7-*) grep -qx ' *Tag_CPU_arch: v7' <<<"$attrs" || die "smoke: $CC_CLANG made no ARMv7 object for $t" ;;
    esac
  done
}
