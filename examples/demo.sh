#!/usr/bin/env bash
# The demo: installs the plugin, builds the examples with it and runs them.
# Usage: bash examples/demo.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mvn_q() { mvn -B -q -Dstyle.color=never "$@"; }

echo "== Installing rust-maven-plugin into the local Maven repository"
(cd "$root" && mvn_q install -DskipTests)

repo="$(cd "$root" && mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || true)"
[ -d "$repo" ] || repo="$HOME/.m2/repository"
host="$(rustc -vV | sed -n 's/^host: //p')"
version=0.1.0-SNAPSHOT

echo "== Building examples/jni-hello (Rust JNI library + Java API) for $host"
(cd "$root/examples/jni-hello" && mvn_q install)
lib="$repo/dev/rustmaven/examples/jni-hello/$version/jni-hello-$version-$host.so"
jar="$repo/dev/rustmaven/examples/jni-hello/$version/jni-hello-$version.jar"
echo "   installed: $(basename "$lib")"
echo "== Running the Java program that calls into Rust"
java "-Djni-hello.library=$lib" -cp "$jar" dev.rustmaven.examples.hello.Main "demo"

echo "== Building examples/pi-hello (a Rust program) for $host"
(cd "$root/examples/pi-hello" && mvn_q install)
exe="$repo/dev/rustmaven/examples/pi-hello/$version/pi-hello-$version-$host.bin"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp "$exe" "$tmp/pi-hello" && chmod +x "$tmp/pi-hello"
"$tmp/pi-hello" demo
