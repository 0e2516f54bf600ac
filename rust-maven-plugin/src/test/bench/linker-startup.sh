#!/bin/sh
# Measures what the linker front end costs per link, side by side in one run:
#   1. rust-lld run directly with the arguments the front end would give it,
#   2. the front end through its launcher (JVM flags of LauncherWriter.JVM_FLAGS) running that same link,
#   3. the front end with the JVM's default flags,
#   4. the front end with --dry-run (JVM start + translation, no LLD).
# The link is a real one: the release executable of src/test/resources/link/host-crate for
# x86_64-unknown-linux-gnu against the host's glibc, with rustc's arguments recorded through -C save-temps
# so that its temporary objects still exist.
#
# Needs: an x86_64 Linux host with rustup stable (rustc, cargo, rust-lld), libc6-dev, and the module
# compiled (mvn -o -pl rust-maven-plugin test-compile). Uses hyperfine when installed (apt-get install
# hyperfine), else a plain loop.
# Usage: rust-maven-plugin/src/test/bench/linker-startup.sh [runs]   (default 20)
set -eu

runs=${1:-20}
module=$(cd "$(dirname "$0")/../../.." && pwd)
classes="$module/target/classes"
[ -f "$classes/dev/rustmaven/link/LinkerMain.class" ] || { echo "compile first: mvn -o -pl rust-maven-plugin compile" >&2; exit 1; }
java="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java"
triple=x86_64-unknown-linux-gnu
lld="$(rustc --print sysroot)/lib/rustlib/$triple/bin/rust-lld"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The configuration and launcher the plugin would write (see LinkerConfig and LauncherWriter).
mkdir -p "$work/gcc_s" "$work/dump"
echo "INPUT ( /lib/x86_64-linux-gnu/libgcc_s.so.1 )" > "$work/gcc_s/libgcc_s.so"
cat > "$work/link.properties" <<PROPS
lld=$lld
triple=$triple
emulation=elf_x86_64
dynamicLinker=/lib64/ld-linux-x86-64.so.2
searchDir.0=/usr/lib/x86_64-linux-gnu
searchDir.1=/lib/x86_64-linux-gnu
searchDir.2=$work/gcc_s
startFilesDir=/usr/lib/x86_64-linux-gnu
noUndefinedInSharedObjects=true
PROPS
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData"
printf '#!/bin/sh\nexec "%s" %s -cp "%s" dev.rustmaven.link.LinkerMain --config "%s" "$@"\n' \
    "$java" "$flags" "$classes" "$work/link.properties" > "$work/launcher"
printf '#!/bin/sh\nexec "%s" -cp "%s" dev.rustmaven.link.LinkerMain --config "%s" "$@"\n' \
    "$java" "$classes" "$work/link.properties" > "$work/launcher-default-jvm"
chmod +x "$work/launcher" "$work/launcher-default-jvm"

# Record rustc's linker arguments for the executable, keeping rustc's temporary files.
cp -r "$module/src/test/resources/link/host-crate" "$work/crate"
(cd "$work/crate" && DUMP_DIR="$work/dump" RUSTFLAGS="-C save-temps" \
    CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER="$module/src/test/resources/link/recorded/dump-linker.sh" \
    cargo build -q --offline --release --target $triple --bin link-e2e)
gcc_args=$(tr '\n' ' ' < "$work/dump/argv.txt")
# gcc_args is a list of words on purpose: each becomes one argument.
# shellcheck disable=SC2086
lld_args=$("$work/launcher" --dry-run $gcc_args | tail -n +2 | tr '\n' ' ')

printf '#!/bin/sh\nexec "%s" %s\n' "$lld" "$lld_args" > "$work/direct"
printf '#!/bin/sh\nexec "%s" %s\n' "$work/launcher" "$gcc_args" > "$work/front-end"
printf '#!/bin/sh\nexec "%s" %s\n' "$work/launcher-default-jvm" "$gcc_args" > "$work/front-end-default-jvm"
printf '#!/bin/sh\nexec "%s" --dry-run %s >/dev/null\n' "$work/launcher" "$gcc_args" > "$work/dry-run"
chmod +x "$work/direct" "$work/front-end" "$work/front-end-default-jvm" "$work/dry-run"

"$work/front-end"
out=$(sed -n '/^-o$/{n;p;q}' "$work/dump/argv.txt")
# The first line of a command's output, taken without a pipe into head.
first_line() {
  out=$("$@" 2>&1)
  printf '%s' "${out%%
*}"
}
echo "linked: $("$out" bench) ($(first_line "$java" -version), $(nproc) cores)"

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs "$runs" \
        -n "rust-lld directly" "$work/direct" \
        -n "front end (launcher flags)" "$work/front-end" \
        -n "front end (default JVM flags)" "$work/front-end-default-jvm" \
        -n "front end --dry-run (no LLD)" "$work/dry-run"
else
    for name in direct front-end front-end-default-jvm dry-run; do
        start=$(date +%s%N)
        i=0
        while [ $i -lt "$runs" ]; do "$work/$name" >/dev/null; i=$((i + 1)); done
        end=$(date +%s%N)
        echo "$name: $(( (end - start) / runs / 1000000 )) ms per run (mean of $runs)"
    done
fi
