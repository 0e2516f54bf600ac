#!/bin/sh
# Measures what the linker front end costs per link, side by side in one run, interleaved run by run:
#   linker.direct        rust-lld run directly with the arguments the front end would give it,
#   linker.native        the native front end through its launcher (as the plugin writes it) running that link,
#   linker.jvm           the JVM front end (LinkerMain, JVM flags of LauncherWriter.JVM_FLAGS) running that link,
#   linker.native.dryrun the native front end with --dry-run (start + translation, no LLD),
#   linker.jvm.dryrun    the JVM front end with --dry-run.
# The link is a real one: the release executable of rust-maven-plugin/src/test/resources/link/host-crate for
# x86_64-unknown-linux-gnu against the host's glibc, with rustc's arguments recorded through -C save-temps
# so that its temporary objects still exist. Each sample is one run timed with date +%s%N (the timer's own
# cost, about a millisecond, is in every sample alike and printed as "timer").
#
# Needs: an x86_64 Linux host with rustup stable (rustc, cargo, rust-lld), libc6-dev, and the module
# compiled (mvn -o -pl rust-maven-plugin compile).
# Usage: tools/benchmarks/linker.sh [runs]   (default 20)
# With BENCH_RESULTS=<file> it appends one line per quantity: key, unit, the raw samples, a description.
set -eu

runs=${1:-20}
module=$(cd "$(dirname "$0")/../.." && pwd)/rust-maven-plugin
classes="$module/target/classes"
[ -f "$classes/dev/rustmaven/link/LinkerMain.class" ] || { echo "compile first: mvn -o -pl rust-maven-plugin compile" >&2; exit 1; }
java="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}/bin/java"
triple=x86_64-unknown-linux-gnu
lld="$(rustc --print sysroot)/lib/rustlib/$triple/bin/rust-lld"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The native front end, compiled by NativeFrontEnd itself (its main), as the plugin compiles it.
front_end=$("$java" -cp "$classes" dev.rustmaven.link.NativeFrontEnd "$work/front-end")

# The configurations and launchers the plugin would write (see LinkerConfig and LauncherWriter).
mkdir -p "$work/gcc_s" "$work/dump"
echo "INPUT ( /lib/x86_64-linux-gnu/libgcc_s.so.1 )" > "$work/gcc_s/libgcc_s.so"
config="lld=$lld
triple=$triple
emulation=elf_x86_64
dynamicLinker=/lib64/ld-linux-x86-64.so.2
startFilesDir=/usr/lib/x86_64-linux-gnu
noUndefinedInSharedObjects=true"
printf '%s\nsearchDir.0=/usr/lib/x86_64-linux-gnu\nsearchDir.1=/lib/x86_64-linux-gnu\nsearchDir.2=%s\n' \
    "$config" "$work/gcc_s" > "$work/link.properties"
printf '%s\nsearchDir=/usr/lib/x86_64-linux-gnu\nsearchDir=/lib/x86_64-linux-gnu\nsearchDir=%s\n' \
    "$config" "$work/gcc_s" > "$work/link.conf"
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData"
printf '#!/bin/sh\nexec "%s" %s -cp "%s" dev.rustmaven.link.LinkerMain --config "%s" "$@"\n' \
    "$java" "$flags" "$classes" "$work/link.properties" > "$work/jvm"
printf '#!/bin/sh\nexec "%s" --config "%s" "$@"\n' "$front_end" "$work/link.conf" > "$work/native"
chmod +x "$work/jvm" "$work/native"

# Record rustc's linker arguments for the executable, keeping rustc's temporary files.
cp -r "$module/src/test/resources/link/host-crate" "$work/crate"
(cd "$work/crate" && DUMP_DIR="$work/dump" RUSTFLAGS="-C save-temps" \
    CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER="$module/src/test/resources/link/recorded/dump-linker.sh" \
    cargo build -q --offline --release --target $triple --bin link-e2e)
gcc_args=$(tr '\n' ' ' < "$work/dump/argv.txt")
# gcc_args and lld_args are lists of words on purpose: each becomes one argument.
# shellcheck disable=SC2086
"$work/jvm" --dry-run $gcc_args > "$work/jvm.dry-run"
# shellcheck disable=SC2086
"$work/native" --dry-run $gcc_args > "$work/native.dry-run"
cmp -s "$work/jvm.dry-run" "$work/native.dry-run" || { echo "the front ends disagree:" >&2; diff "$work/jvm.dry-run" "$work/native.dry-run" >&2; exit 1; }
lld_args=$(tail -n +2 "$work/native.dry-run" | tr '\n' ' ')

# shellcheck disable=SC2086
run_direct() { "$lld" $lld_args; }
# shellcheck disable=SC2086
run_native() { "$work/native" $gcc_args; }
# shellcheck disable=SC2086
run_jvm() { "$work/jvm" $gcc_args; }
# shellcheck disable=SC2086
run_native_dryrun() { "$work/native" --dry-run $gcc_args; }
# shellcheck disable=SC2086
run_jvm_dryrun() { "$work/jvm" --dry-run $gcc_args; }
run_timer() { :; }

out=$(sed -n '/^-o$/{n;p;q}' "$work/dump/argv.txt")
run_native
# The first line of a command's output, taken without a pipe into head.
first_line() {
  text=$("$@" 2>&1)
  printf '%s' "${text%%
*}"
}
echo "linked: $("$out" bench) ($(first_line "$java" -version), $(nproc) cores, $runs runs each)"

names="direct native jvm native_dryrun jvm_dryrun timer"
for name in $names; do : > "$work/$name.samples"; done
# Three warm-up runs each, then the measured runs, interleaved so that all see the same machine.
i=0
while [ $i -lt $((runs + 3)) ]; do
    for name in $names; do
        start=$(date +%s%N)
        "run_$name" > /dev/null
        end=$(date +%s%N)
        [ $i -lt 3 ] || echo $((end - start)) >> "$work/$name.samples"
    done
    i=$((i + 1))
done

# Milliseconds with two decimals, space separated, in run order.
samples_ms() {
    awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / 1000000 }' "$work/$1.samples"
}
# min / median / max in milliseconds.
summary() {
    sort -n "$work/$1.samples" | awk '{ v[NR] = $1 / 1000000 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%8.2f %8.2f %8.2f", v[1], m, v[NR] }'
}
median() {
    sort -n "$work/$1.samples" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%-16s %8s %8s %8s  (ms)\n' "" min median max
for name in $names; do
    printf '%-16s %s\n' "$name" "$(summary "$name")"
done
awk -v n="$(median native)" -v d="$(median direct)" -v j="$(median jvm)" \
    'BEGIN { printf "median native/direct %.3f, jvm/direct %.3f\n", n / d, j / d }'

if [ -n "${BENCH_RESULTS:-}" ]; then
    {
        printf 'linker.direct\tms\t%s\trust-lld run directly, same arguments\n' "$(samples_ms direct)"
        printf 'linker.native\tms\t%s\tnative linker front end through its launcher, same link\n' "$(samples_ms native)"
        printf 'linker.jvm\tms\t%s\tJVM linker front end through its launcher, same link\n' "$(samples_ms jvm)"
        printf 'linker.native.dryrun\tms\t%s\tnative linker front end start-up and translation, --dry-run\n' \
            "$(samples_ms native_dryrun)"
        printf 'linker.jvm.dryrun\tms\t%s\tJVM linker front end start-up and translation, --dry-run\n' \
            "$(samples_ms jvm_dryrun)"
    } >> "$BENCH_RESULTS"
fi
