#!/bin/sh
# Builds the ELF test fixtures of dev.rustmaven.elf from the sources in src/ with rustc (for the
# target's object code, no std needed) and rust-lld (the linker). Run once, commit the outputs;
# see README.md. Needs: rustup's rustc (stable with RUSTC_BOOTSTRAP=1 or nightly), rust-lld from
# its sysroot, llvm-ar (for the BSD-format archive) and python3 (for the damaged files).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$here/src
sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
lld="$sysroot/lib/rustlib/$host/bin/rust-lld"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# #![no_core] crates need the unstable lang_items feature.
export RUSTC_BOOTSTRAP=1

# sh has no local variables: each helper prefixes its own.
obj() { # obj <triple> <source> <output.o> [rustc args...]
    o_triple=$1 o_source=$2 o_out=$3
    shift 3
    rustc --target "$o_triple" --emit obj -C opt-level=s -C panic=abort -C force-unwind-tables=no -C relocation-model=pic \
        -C debuginfo=0 "$@" -o "$o_out" "$src/$o_source"
}

link() { # link <emulation> <output> [ld.lld args...]
    l_emulation=$1 l_out=$2
    shift 2
    "$lld" -flavor gnu -m "$l_emulation" --build-id=none --hash-style=gnu -O1 --gc-sections -z now "$@" \
        -o "$l_out"
}

# variant <dir> <triple> <emulation> <libc version script> <dynamic linker> <what...>
variant() {
    dir=$1 triple=$2 emulation=$3 libcmap=$4 loader=$5
    shift 5
    out=$here/$dir
    mkdir -p "$out"
    w=$work/$dir
    mkdir -p "$w"

    obj "$triple" fakelibc.rs "$w/fakelibc.o"
    link "$emulation" "$out/libc.so.6" -shared -soname libc.so.6 --version-script "$src/$libcmap" "$w/fakelibc.o"

    obj "$triple" ok.rs "$w/ok.o"
    link "$emulation" "$out/libok.so" -shared -soname libok.so -z defs --version-script "$src/ok.map" \
        "$w/ok.o" "$out/libc.so.6"

    for what in "$@"; do
        case $what in
        new)
            obj "$triple" new.rs "$w/new.o"
            link "$emulation" "$out/libnew.so" -shared -z defs "$w/new.o" "$out/libc.so.6"
            ;;
        exe)
            obj "$triple" start.rs "$w/start.o"
            link "$emulation" "$out/hello-static" -static -e _start "$w/start.o"
            # static-pie, as Rust links musl executables by default: PT_DYNAMIC but no PT_INTERP.
            link "$emulation" "$out/hello-static-pie" -static -pie --no-dynamic-linker -e _start "$w/start.o"
            obj "$triple" start.rs "$w/start-dyn.o" --cfg dynamic
            link "$emulation" "$out/hello-dynamic" -pie -e _start -dynamic-linker "$loader" \
                "$w/start-dyn.o" "$out/libc.so.6"
            ;;
        staticlib)
            # rustc writes GNU-format archives; its member names are long enough for the // table.
            rustc --target "$triple" --crate-type staticlib --crate-name ok -C opt-level=s -C panic=abort -C force-unwind-tables=no \
                -C debuginfo=0 -C codegen-units=1 -o "$out/libok.a" "$src/ok.rs"
            # The same object in a BSD-format archive, its long name stored as #1/<length>.
            cp "$w/ok.o" "$w/a-member-with-a-rather-long-name.o"
            rm -f "$out/libok-bsd.a"
            (cd "$w" && llvm-ar --format=bsd rc "$out/libok-bsd.a" a-member-with-a-rather-long-name.o)
            ;;
        esac
    done
}

variant armv7-hf armv7-unknown-linux-gnueabihf armelf_linux_eabi libc-arm.map /lib/ld-linux-armhf.so.3 new exe staticlib
variant armv6-hf arm-unknown-linux-gnueabihf armelf_linux_eabi libc-arm.map /lib/ld-linux-armhf.so.3 staticlib
variant arm-soft arm-unknown-linux-gnueabi armelf_linux_eabi libc-arm.map /lib/ld-linux.so.3
variant aarch64 aarch64-unknown-linux-gnu aarch64linux libc-aarch64.map /lib/ld-linux-aarch64.so.1 new exe
variant aarch64-be aarch64_be-unknown-linux-gnu aarch64linuxb libc-aarch64.map /lib/ld-linux-aarch64_be.so.1

# Damaged files: the reader must reject each with a clear message, never crash.
mkdir -p "$here/damaged"
printf 'This is a text file, not an ELF object.\n' > "$here/damaged/not-elf.so"
head -c 30 "$here/armv7-hf/libok.so" > "$here/damaged/short-header.so"
head -c 1000 "$here/armv7-hf/libok.so" > "$here/damaged/truncated.so"
python3 - "$here/armv7-hf/libok.so" "$here/damaged/bad-section-offset.so" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
# ELF32 little-endian e_shoff (offset 32): point the section header table far past the end.
struct.pack_into('<I', data, 32, 0x7ffffff0)
open(sys.argv[2], 'wb').write(data)
PY
printf '!<arch>\nbroken.o/       0           0     0     644     9999      `\n\177ELF' > "$here/damaged/truncated-member.a"

# A listing for the person running this, not parsed further.
# shellcheck disable=SC2012
ls -l "$here"/*/ | sed -n '/^total/!p'
