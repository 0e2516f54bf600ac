#!/bin/sh
# Issue 17, item 5: what the first NativeLoader.load of a JVM costs next to a plain System.load of the same
# file, each in fresh JVMs, with examples/jni-hello's library built for the host and packed as the plugin
# packs it. The child JVMs run a test class packed into an application jar (standing in for an application)
# with the packaged rust-native-loader jar and the jar of natives on the class path.
#
#   loader.plain          System.load of the cached library (ms, the call)
#   loader.oneclass       the same System.load from the one class of a jar of its own, in the loader jar's place on
#                         the class path: the least a loader shipped as a jar adds
#   loader.checked        the same after reading, with NIO, the owner and mode of the copy, its directory and the
#                         cache root, as a loader must before it trusts a copy: the least a loader with a cache adds
#   loader.warm           NativeLoader.load with the library already in the cache and the start record that the
#                         first start wrote: every start but the first
#   loader.full           the same with -Ddev.rustmaven.loader.startRecord=false: the full way to the cached copy
#   loader.cold           NativeLoader.load into an empty cache: extraction
#   loader.classes.plain  classes the whole JVM loaded, plain (count, one -verbose:class run)
#   loader.classes.warm   the same, warm
# The table on the terminal also shows "verify" (warm with -Ddev.rustmaven.loader.verify=always: the copy is
# hashed) and the wall time of each JVM.
#
# Usage: tools/benchmarks/loader.sh [runs]   (default 15)
# Needs cargo (offline: the crate has no dependencies) and Maven's local repository (mvn -o).
# With BENCH_RESULTS=<file> it appends its measurements there, one line per key (raw samples).
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-15}
cd "$root"
(cd examples/jni-hello/src/main/rust && cargo build --release --offline --quiet)
# the jar, and the test classes that hold LoaderBench
mvn -B -o -q -pl rust-native-loader package -DskipTests
jar=
for candidate in rust-native-loader/target/rust-native-loader-*.jar; do
  case $candidate in
    *-sources.jar | *-javadoc.jar) ;;
    *) jar=$candidate ;;
  esac
done
[ -f "$jar" ] || { echo "no rust-native-loader jar in rust-native-loader/target" >&2; exit 1; }
set -- --library examples/jni-hello/src/main/rust/target/release/libjni_hello.so --runs "$runs" \
  --work "$root/rust-native-loader/target/loader-bench"
if [ -n "${BENCH_RESULTS:-}" ]; then
  set -- "$@" --bench-results "$BENCH_RESULTS"
fi
exec java -cp "rust-native-loader/target/test-classes:$jar" dev.rustmaven.loader.bench.LoaderBench "$@"
