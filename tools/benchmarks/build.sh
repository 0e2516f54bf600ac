#!/usr/bin/env bash
# Issue 17, items 1, 2, 6 and 7: what rust:build costs next to plain cargo, measured side by side in one run
# on a copy of examples/jni-hello, with the test bench's toolchain (no rust-std for the Pis: the plugin
# fetches it from the bench's dist mirror, a file: URL), its rustc binary called directly rather than through
# the bench's wrapper script (see below).
#
#   noop.*     mvn -o package with nothing to do: with the plugin, with -Drust.skip, and cargo's own no-op
#              build of the same targets (the plugin's cargo commands replayed with their environment); and
#              for the host with rustc and cargo rustup's proxies, when rustup is installed (noop.rustup*)
#   build.*    a full build (no target/): the plugin's time (mvn package minus the same with -Drust.skip)
#              next to the plugin's cargo commands of a build with -Drust.parallelTargets=false (one per
#              target) replayed one after the other from an empty target dir; and that build's own time
#   size.*     libjni_hello.so (x86_64) of the release profile and of the size profile, from the plugin and
#              from plain cargo with the same settings, and whether the bytes are identical
#   rss.*      the Maven JVM's peak resident set (VmHWM) in a four-target full build, and in mvn package of
#              the same module as a plain Java module (-Drust.skip)
#
# Usage: tools/benchmarks/build.sh [runs]   (default 5; no-op builds run 2 x runs times, full builds and memory
# max(3, runs/2) times)
# Needs: the bench (bash it/bench/setup.sh, cached) and the plugin installed (tools/benchmarks/run.sh does
# both). With BENCH_RESULTS=<file> it appends its measurements there (format: tools/benchmarks/README.md).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
full_runs=$((runs / 2 > 3 ? runs / 2 : 3))
# a no-op build's overhead is a difference of whole mvn runs, whose own spread is as large as the budget: twice
# the runs for those
noop_runs=$((runs * 2))
bench=${RUST_MAVEN_BENCH:-${XDG_CACHE_HOME:-$HOME/.cache}/rust-maven-plugin-bench}
[ -f "$bench/bench.properties" ] || { echo "no test bench at $bench: run bash it/bench/setup.sh" >&2; exit 1; }
prop() { sed -n "s/^$1=//p" "$bench/bench.properties"; }
work=${BENCH_WORK:-$root/target/benchmarks}/build
case $work in *" "*) echo "build.sh replays logged command lines split at spaces: use a work directory without spaces (BENCH_WORK)" >&2; exit 1 ;; esac
host=x86_64-unknown-linux-gnu
pis=armv7-unknown-linux-gnueabihf,aarch64-unknown-linux-gnu,arm-unknown-linux-gnueabihf
four=$host,$pis

rm -rf "$work"
mkdir -p "$work"
cp -r "$root/examples/jni-hello" "$work/module"
rm -rf "$work/module/target"
module=$work/module
# The bench's rustc is a wrapper script (Debian's rustc, unpacked, finds its libraries through LD_LIBRARY_PATH),
# and the plugin asks a wrapper for its version and sysroot on every build: it cannot see what a script chooses.
# These builds call the compiler itself, as a toolchain installed without a wrapper is called: the binary the
# wrapper runs, with the wrapper's LD_LIBRARY_PATH (cargo stays the bench's wrapper: the plugin asks it nothing).
wrapper=$(prop rust.rustc)
compiler=$(sed -n 's/^exec "\([^"]*\)".*/\1/p' "$wrapper")
libraries=$(sed -n 's/^LD_LIBRARY_PATH="\([^$"]*\).*/\1/p' "$wrapper")
if [ ! -x "$compiler" ] || [ -z "$libraries" ]; then
  echo "cannot read the compiler and its LD_LIBRARY_PATH from the bench's wrapper $wrapper" >&2
  exit 1
fi
library_path_before=${LD_LIBRARY_PATH-}
export LD_LIBRARY_PATH="$libraries${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
rust=(-Drust.rustc="$compiler" -Drust.cargo="$(prop rust.cargo)"
      -Drust.distServer="file://$(prop dist.root)" -Drust.cacheDirectory="$work/plugin-cache")

now_ns() { date +%s%N; }
ms_since() { echo $((($(now_ns) - $1) / 1000000)); }

# record KEY UNIT DESCRIPTION SAMPLES...: one line of results, or a line of the table on the terminal.
record() {
  local key=$1 unit=$2 what=$3
  shift 3
  if [ -n "${BENCH_RESULTS:-}" ]; then
    printf '%s\t%s\t%s\t%s\n' "$key" "$unit" "$*" "$what" >>"$BENCH_RESULTS"
  fi
  printf '%-28s %-8s %s  (%s)\n' "$key" "$unit" "$*" "$what" >&2
}

mvn_package() { (cd "$module" && mvn -B -q -Dstyle.color=never package "${rust[@]}" "$@" >"$work/mvn.log" 2>&1) ||
  { cat "$work/mvn.log" >&2; echo "mvn package $* failed" >&2; exit 1; }; }

# Time of one mvn -o package with the given arguments, in ms.
time_package() {
  local start
  start=$(now_ns)
  mvn_package -o "$@"
  ms_since "$start"
}

# The plugin's cargo commands of the last build with -X: one line each, "env K=V ... cargo build ..." as
# arguments separated by NUL, written to $work/cargo-<n>.cmd. The environment is what the build set.
capture_cargo_commands() {
  rm -f "$work"/cargo-*.cmd
  (cd "$module" && mvn -B -o -X -Dstyle.color=never package "${rust[@]}" "$@" >"$work/mvn-x.log" 2>&1) ||
    { cat "$work/mvn-x.log" >&2; exit 1; }
  python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
commands, env = [], {}
for line in open(work + "/mvn-x.log", encoding="utf-8"):
    m = re.match(r"\[DEBUG\] \[([^\]]+)\] cargo command: (.*)$", line.rstrip("\n"))
    if m:
        commands.append([m.group(1), m.group(2).split(" "), None])
    m = re.match(r"\[DEBUG\] \[([^\]]+)\] environment set by the build: (.*)$", line.rstrip("\n"))
    if m and commands and commands[-1][0] == m.group(1):
        pairs = re.split(r" (?=[A-Z][A-Z0-9_]*=)", m.group(2))
        commands[-1][2] = pairs
for n, (target, argv, pairs) in enumerate(commands):
    if pairs is None or any("****" in a for a in argv + pairs):
        sys.exit("cannot replay the cargo command for " + target + " (no environment, or hidden values)")
    with open("%s/cargo-%d.cmd" % (work, n), "w", encoding="utf-8") as out:
        out.write("\0".join(["env"] + pairs + argv))
if not commands:
    sys.exit("no cargo command in the -X log: did the plugin run cargo?")
PY
}

# Runs the captured cargo commands one after the other from the crate directory; prints the total ms.
replay_cargo() {
  local start f
  start=$(now_ns)
  for f in "$work"/cargo-*.cmd; do
    (cd "$module/src/main/rust" && xargs -0 -a "$f" sh -c 'exec "$@" >/dev/null 2>&1' replay) ||
      { echo "replaying $f failed" >&2; exit 1; }
  done
  ms_since "$start"
}

# Peak resident set of the Maven JVM of one mvn -o package, in MiB: VmHWM of the java process, read every
# 50 ms while it runs (the last reading before it exits; the high-water mark only grows).
peak_rss_mib() {
  local pid java_pid="" hwm=0 value
  (cd "$module" && exec mvn -B -q -o -Dstyle.color=never package "${rust[@]}" "$@" >"$work/mvn-rss.log" 2>&1) &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$java_pid" ]; then
      # mvn is a script that execs java: the subshell's own pid, once it runs java.
      if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" != "" ] && grep -q java "/proc/$pid/cmdline" 2>/dev/null; then
        java_pid=$pid
      fi
    fi
    if [ -n "$java_pid" ]; then
      value=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$java_pid/status" 2>/dev/null || true)
      [ -n "$value" ] && [ "$value" -gt "$hwm" ] && hwm=$value
    fi
    sleep 0.05
  done
  wait "$pid" || { cat "$work/mvn-rss.log" >&2; exit 1; }
  [ "$hwm" -gt 0 ] || { echo "could not read the JVM's VmHWM" >&2; exit 1; }
  echo $((hwm / 1024))
}

echo "== first build of the four targets (fetches rust-std from the bench's mirror into $work/plugin-cache)" >&2
mvn_package -Drust.targets="$four"

# ------------------------------------------------------------------ 1. no-op
for set in one four; do
  if [ $set = one ]; then targets=$host; else targets=$four; fi
  mvn_package -o -Drust.targets="$targets"
  capture_cargo_commands -Drust.targets="$targets" -Drust.force
  with=() skip=() cargo=()
  for _ in $(seq "$noop_runs"); do
    with+=("$(time_package -Drust.targets="$targets")")
    skip+=("$(time_package -Drust.targets="$targets" -Drust.skip)")
    cargo+=("$(replay_cargo)")
  done
  record "noop.plugin.$set" ms "mvn -o package, nothing to do ($targets)" "${with[@]}"
  record "noop.skip.$set" ms "the same with -Drust.skip" "${skip[@]}"
  record "noop.cargo.$set" ms "cargo's own no-op build, the plugin's cargo commands" "${cargo[@]}"
done

# ------------------------------------------------------------------ 1b. no-op, rustc and cargo rustup's proxies
# What a new user has: ~/.cargo/bin/rustc and cargo are rustup's proxies, whose toolchain rustup chooses on every
# run. The host target only (rustup's toolchain may have no rust-std for the Pis). Without rustup this is not
# measured, and the report says so.
proxies=${CARGO_HOME:-$HOME/.cargo}/bin
if [ -x "$proxies/rustup" ] && [ -x "$proxies/rustc" ] && [ -x "$proxies/cargo" ]; then
  bench_rust=("${rust[@]}")
  bench_library_path=$LD_LIBRARY_PATH
  # rustup's toolchain with its own libraries only
  if [ -n "$library_path_before" ]; then export LD_LIBRARY_PATH=$library_path_before; else unset LD_LIBRARY_PATH; fi
  rust=(-Drust.rustc="$proxies/rustc" -Drust.cargo="$proxies/cargo"
        -Drust.distServer="file://$(prop dist.root)" -Drust.cacheDirectory="$work/plugin-cache")
  mvn_package -o -Drust.targets="$host"
  capture_cargo_commands -Drust.targets="$host" -Drust.force
  # Its own -Drust.skip runs, taken in turn with these: mvn's time drifts over minutes.
  with=() skip=() cargo=()
  for _ in $(seq "$noop_runs"); do
    with+=("$(time_package -Drust.targets="$host")")
    skip+=("$(time_package -Drust.targets="$host" -Drust.skip)")
    cargo+=("$(replay_cargo)")
  done
  record noop.rustup.one ms "mvn -o package, nothing to do ($host), rustc and cargo rustup's proxies ($("$proxies/rustc" -V))" "${with[@]}"
  record noop.rustupskip.one ms "the same with -Drust.skip, in turn with those runs" "${skip[@]}"
  record noop.rustupcargo.one ms "cargo's own no-op build through rustup's proxy, the plugin's cargo commands" "${cargo[@]}"
  rust=("${bench_rust[@]}")
  export LD_LIBRARY_PATH=$bench_library_path
else
  echo "NOTE: no rustup in $proxies: the no-op build with rustup's proxies (noop.rustup.one) is not measured" >&2
fi

# ------------------------------------------------------------------ 2. full build
capture_cargo_commands -Drust.targets="$four" -Drust.force -Drust.parallelTargets=false
plugin=() serial=() skip=() cargo=()
for _ in $(seq "$full_runs"); do
  rm -rf "$module/target"
  plugin+=("$(time_package -Drust.targets="$four")")
  rm -rf "$module/target"
  serial+=("$(time_package -Drust.targets="$four" -Drust.parallelTargets=false)")
  rm -rf "$module/target"
  skip+=("$(time_package -Drust.targets="$four" -Drust.skip)")
  # The replay needs the plugin's launchers and composed sysroots (target/rust-maven), not its cargo outputs.
  mvn_package -o -Drust.targets="$four"
  rm -rf "$module/target/cargo"
  cargo+=("$(replay_cargo)")
done
record build.plugin.four ms "mvn -o package from no target/, four targets (built together by one cargo)" "${plugin[@]}"
record build.serial.four ms "the same with -Drust.parallelTargets=false (one cargo per target)" "${serial[@]}"
record build.skip.four ms "the same with -Drust.skip" "${skip[@]}"
record build.cargo.four ms "the plugin's cargo commands one after the other, empty target dir" "${cargo[@]}"

# ------------------------------------------------------------------ 6. output size
# Plain cargo: the same cargo and rustc, none of the plugin's environment, its own target directory.
size_for() {
  local profile=$1 plugin_so cargo_so
  rm -rf "$module/target" "$work/plain-target"
  mvn_package -o -Drust.targets="$host" -Drust.profile="$profile"
  plugin_so=$work/plugin-$profile.so
  cp "$module/target/cargo/$host/$profile/libjni_hello.so" "$plugin_so"
  (cd "$module/src/main/rust" && RUSTC="$(prop rust.rustc)" "$(prop rust.cargo)" build --quiet --offline \
    --profile "$profile" --target "$host" --target-dir "$work/plain-target") ||
    { echo "plain cargo build --profile $profile failed" >&2; exit 1; }
  cargo_so=$work/cargo-$profile.so
  cp "$work/plain-target/$host/$profile/libjni_hello.so" "$cargo_so"
  record "size.$profile.plugin" bytes "libjni_hello.so ($host), profile $profile, built by the plugin" "$(stat -c %s "$plugin_so")"
  record "size.$profile.cargo" bytes "the same built by plain cargo (own target directory, no plugin settings)" "$(stat -c %s "$cargo_so")"
  if cmp -s "$plugin_so" "$cargo_so"; then same=1; else same=0; fi
  record "size.$profile.identical" count "1 when the plugin's and plain cargo's bytes are identical" "$same"
}
size_for release
size_for size

# ------------------------------------------------------------------ 7. memory
plugin=() plain=()
for _ in $(seq "$full_runs"); do
  rm -rf "$module/target"
  plugin+=("$(peak_rss_mib -Drust.targets="$four")")
  rm -rf "$module/target"
  plain+=("$(peak_rss_mib -Drust.targets="$four" -Drust.skip)")
done
record rss.plugin.four MiB "peak RSS of the Maven JVM, four-target full build" "${plugin[@]}"
record rss.java MiB "peak RSS of the Maven JVM, the module as plain Java (-Drust.skip)" "${plain[@]}"
