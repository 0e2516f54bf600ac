#!/usr/bin/env bash
# Runs every benchmark of issue 17 side by side in one run and writes their results, with the machine, the
# toolchain and the date, to target/benchmarks/results.tsv; with --publish also to
# src-site/benchmarks/results.tsv, from which mvn site makes the Benchmarks page and its chart.
#
#   tools/benchmarks/run.sh [--publish] [--runs N]
#
# Sets up the test bench (it/bench/setup.sh, cached) and installs the plugin first. Takes 8 to 25 minutes on
# two cores. Run it on a quiet machine: the goals are ratios, but a second job on the same cores still adds
# noise. See tools/benchmarks/README.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
publish=false
runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --publish) publish=true ;;
    --runs) runs=$2; shift ;;
    *) echo "usage: tools/benchmarks/run.sh [--publish] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done

out=$root/target/benchmarks
mkdir -p "$out"
results=$out/results.tsv
: >"$results"
export BENCH_RESULTS=$results BENCH_WORK=$out

bench=${RUST_MAVEN_BENCH:-${XDG_CACHE_HOME:-$HOME/.cache}/rust-maven-plugin-bench}
bash "$root/it/bench/setup.sh" >/dev/null
prop() { sed -n "s/^$1=//p" "$bench/bench.properties"; }
(cd "$root" && mvn -B -q -o -Dstyle.color=never install -DskipTests)

first_line() { local o; o=$("$@" 2>&1); printf '%s' "${o%%$'\n'*}" | sed 's/\x1b\[[0-9;]*m//g'; }
meta() { printf '#meta\t%s\t%s\n' "$1" "$2" >>"$results"; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)
memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
meta Date "$(date -u +%F)"
meta Machine "$(uname -sm), $cpu, $(nproc) cores, $memory"
meta "Load average at the start" "$(cut -d' ' -f1-3 /proc/loadavg)"
meta Java "$(first_line java -version)"
meta Maven "$(first_line mvn -v)"
meta Rust "$(first_line "$(prop rust.rustc)" -V) (the test bench's), $(first_line "$(prop rust.cargo)" -V)"
meta "Plugin commit" "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ' (with local changes)')"
meta Runs "$runs per measurement (full builds and memory: max(3, runs/2))"

bash "$root/tools/benchmarks/build.sh" "$runs"
sh "$root/tools/benchmarks/loader.sh" $((runs * 3))
sh "$root/tools/benchmarks/linker.sh" $((runs * 4))
sh "$root/tools/benchmarks/fetch.sh" "$runs"
meta "Load average at the end" "$(cut -d' ' -f1-3 /proc/loadavg)"

java "$root/tools/benchmarks/BenchmarkReport.java" "$results" "$out/benchmarks.md" "$out/benchmarks.svg"
echo "results: $results; report: $out/benchmarks.md, $out/benchmarks.svg" >&2
if $publish; then
  cp "$results" "$root/src-site/benchmarks/results.tsv"
  echo "published to src-site/benchmarks/results.tsv (mvn site makes the page)" >&2
fi
