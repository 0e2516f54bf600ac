#!/bin/sh
# Start-up cost of rust-native-loader (issue 17, item 5): plain System.load against NativeLoader.load
# warm, verify and cold, each in fresh JVMs, with examples/jni-hello's library built for the host.
# Usage: tools/loader-bench/run.sh [LoaderBench options, e.g. --runs 21 --perf --tsv out.tsv]
# Needs cargo (offline: the crate has no dependencies) and Maven's offline repository. See README.md.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
(cd examples/jni-hello/src/main/rust && cargo build --release --offline --quiet)
mvn -B -o -q -pl rust-native-loader test-compile
exec java -cp rust-native-loader/target/classes:rust-native-loader/target/test-classes \
    dev.rustmaven.loader.bench.LoaderBench \
    --library examples/jni-hello/src/main/rust/target/release/libjni_hello.so "$@"
