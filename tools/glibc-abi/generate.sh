#!/bin/sh
# Regenerates the glibc ABI data files (one per architecture) from Debian's glibc builds.
# Usage: tools/glibc-abi/generate.sh [output-dir]
# Needs apt-get, dpkg-deb, readelf, python3 and sha256sum. Touches no system apt or dpkg state:
# package lists and downloads live in a temporary directory. See README.md beside this script.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../rust-maven-plugin/src/main/resources/dev/rustmaven/glibc}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# <abi> <debian arch> <multiarch dir> <_STAT_VER of the pre-2.33 __xstat family>
# _STAT_VER: sysdeps/unix/sysv/linux/x86/xstatver.h (x86_64: 1, i386: 3),
# sysdeps/unix/sysv/linux/xstatver.h (arm: 3), sysdeps/unix/sysv/linux/generic/xstatver.h (aarch64: 0).
arches='x86_64 amd64 x86_64-linux-gnu 1
i686 i386 i386-linux-gnu 3
arm armhf arm-linux-gnueabihf 3
aarch64 arm64 aarch64-linux-gnu 0'

# The newest suite gives the current ABI; the older one is the last release before glibc 2.34 merged
# libpthread, libdl, librt and libutil into libc, so it says which library each of their symbols was in.
newest_suite=bookworm
split_suite=bullseye

mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
{
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $newest_suite main"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $newest_suite-updates main"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $split_suite main"
} > "$work/sources.list"

apt_opts() {
    printf '%s\n' -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
        -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=1 \
        -o APT::Architectures::=amd64 -o APT::Architectures::=i386 \
        -o APT::Architectures::=armhf -o APT::Architectures::=arm64
}
# shellcheck disable=SC2046
apt-get $(apt_opts) -q -o APT::Sandbox::User=root update >&2

# The newest version of <package> in <suite>, from the downloaded lists.
suite_version() {
    # shellcheck disable=SC2046
    apt-cache $(apt_opts) madison "$1" | awk -v s="/debian $2/main" 'index($0, s) { print $3; exit }'
}

fetched=$(date -u +%Y-%m-%d)
echo "$arches" | while read -r abi debarch multiarch statver; do
    dir="$work/$abi"
    mkdir -p "$dir"
    sources=""
    for spec in "libc6 $newest_suite new" "libgcc-s1 $newest_suite new" "libc6 $split_suite split"; do
        # spec is "package suite kind": split into the positional parameters on purpose.
        # shellcheck disable=SC2086
        set -- $spec
        version=$(suite_version "$1:$debarch" "$2")
        [ -n "$version" ] || { echo "no $1:$debarch in $2" >&2; exit 1; }
        # apt_opts prints several options: split on purpose.
        # shellcheck disable=SC2046
        (cd "$dir" && apt-get $(apt_opts) -q -o APT::Sandbox::User=root download "$1:$debarch=$version" >&2)
        deb=""
        for candidate in "$dir/$1"_*"$debarch".deb; do
            case "$candidate" in *"${version#*:}"*) deb=$candidate; break ;; esac
        done
        [ -n "$deb" ] || { echo "apt-get download left no $1 $version .deb in $dir" >&2; exit 1; }
        sha=$(sha256sum "$deb" | cut -d' ' -f1)
        dpkg-deb -x "$deb" "$dir/$3"
        sources="$sources$2 $1:$debarch $version sha256=$sha fetched=$fetched
"
        rm -f "$deb"
    done
    printf '%s' "$sources" > "$dir/sources"
    python3 "$here/extract.py" --abi "$abi" --multiarch "$multiarch" --stat-ver "$statver" \
        --sources "$dir/sources" --new "$dir/new" --split "$dir/split" > "$out/$abi.abi.tmp"
    mv "$out/$abi.abi.tmp" "$out/$abi.abi"
    echo "wrote $out/$abi.abi" >&2
done

# The index the plugin reads to name the ABIs it has data for.
{
    echo "# The glibc ABI data files shipped, one ABI name a line (written by tools/glibc-abi/generate.sh)."
    for f in "$out"/*.abi; do basename "$f" .abi; done
} > "$out/abis"
