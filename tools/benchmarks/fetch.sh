#!/bin/sh
# Times fetching and installing rust-std from a loopback dist mirror into a cold cache, next to curl and
# `xz -d | tar x` of the same file, four targets one by one and in parallel, and reading a channel manifest of real
# size cold and warm (issue 17). The measuring is done by dev.rustmaven.bench.FetchBench (test sources), which
# drives the plugin through its Java API in a fresh JVM per sample (class loading and a cold JIT included, Maven's
# start-up not).
#
# Usage: tools/benchmarks/fetch.sh [runs, default 5]
#   RUST_MAVEN_BENCH  the bench built by it/bench/setup.sh (default ~/.cache/rust-maven-plugin-bench); only read
#   REAL_MANIFEST     a real channel manifest (default: the one rustup keeps in its stable toolchain)
#   BENCH_RESULTS     when set, a file to append the results to (see issue 17's result format)
# Needs: a JDK 17, Maven (offline), curl, xz, tar.
set -eu

runs=${1:-5}
bench=${RUST_MAVEN_BENCH:-$HOME/.cache/rust-maven-plugin-bench}
real=${REAL_MANIFEST:-$HOME/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/multirust-channel-manifest.toml}
here=$(cd "$(dirname "$0")/../.." && pwd)

for tool in curl xz tar java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch.sh: $tool is not on the PATH" >&2; exit 1; }
done
[ -f "$bench/dist-server/dist/channel-rust-stable.toml" ] ||
  { echo "fetch.sh: no dist mirror in $bench (run it/bench/setup.sh once)" >&2; exit 1; }
[ -f "$real" ] || { echo "fetch.sh: no real channel manifest at $real (set REAL_MANIFEST)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

cd "$here"
mvn -B -o -q -pl rust-maven-plugin test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
cp="rust-maven-plugin/target/test-classes:rust-maven-plugin/target/classes:$(cat "$work/cp.txt")"
java -cp "$cp" dev.rustmaven.bench.FetchBench "$bench" "$real" "$work/run" "$runs"
