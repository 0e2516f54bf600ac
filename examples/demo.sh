#!/usr/bin/env bash
# The demo: a Java library with Rust inside, cross-compiled for Raspberry Pis by `mvn install` with no C
# cross toolchain, used by an application that runs on emulated Pis (Debian's arm JVMs under qemu-user).
# Usage: bash examples/demo.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=0.1.0-SNAPSHOT
mvn_q() { mvn -B -q -Dstyle.color=never "$@"; }
step() { printf '\n== %s\n' "$*"; }

step "Setting up the emulated Pis and a Rust toolchain without Pi targets (it/bench/setup.sh, cached)"
bash "$root/it/bench/setup.sh" >/dev/null
bench="${RUST_MAVEN_BENCH:-${XDG_CACHE_HOME:-$HOME/.cache}/rust-maven-plugin-bench}"
prop() { sed -n "s/^$1=//p" "$bench/bench.properties"; }
# The bench's rustc has rust-std for no Pi target: the plugin fetches it from the bench's copy of the
# Rust dist server (a file: URL here; https://static.rust-lang.org by default).
rust=(-Drust.rustc="$(prop rust.rustc)" -Drust.cargo="$(prop rust.cargo)"
      -Drust.distServer="file://$(prop dist.root)" -Drust.cacheDirectory="$bench/demo-plugin-cache")

step "Installing rust-maven-plugin and rust-native-loader"
(cd "$root" && mvn_q install -DskipTests)

step "mvn install of examples/jni-hello for armv7-unknown-linux-gnueabihf, aarch64-unknown-linux-gnu, arm-unknown-linux-gnueabihf"
(cd "$root/examples/jni-hello" && mvn -B -Dstyle.color=never install "${rust[@]}") |
  grep -E 'Using (rust-std|LLD)|Linking|glibc>=|Rust (build summary|outputs are up to date)|^\[INFO\] (Target +File|-+  -+|[a-z0-9_]+-unknown-linux-[a-z0-9]+  | +[^ ]+\.jar  )' | sed 's/^\[INFO\] /   /'

step "mvn package of examples/jni-hello-app (depends on jni-hello and its per-Pi jars)"
(cd "$root/examples/jni-hello-app" && mvn_q package)
cp="$root/examples/jni-hello-app/target/jni-hello-app-$version.jar"
for jar in "$root"/examples/jni-hello-app/target/lib/*.jar; do cp="$cp:$jar"; done

for pi in armhf arm64; do
  case $pi in armhf) qemu=$(prop qemu.arm); what="32-bit Raspberry Pi OS";; arm64) qemu=$(prop qemu.aarch64); what="64-bit Raspberry Pi OS";; esac
  step "Running the app on an emulated Pi with $what (Debian's $pi OpenJDK 17 under qemu-user)"
  "$qemu" -L "$(prop pi.$pi.root)" "$(prop pi.$pi.java)" -Ddev.rustmaven.loader.cacheDir="$bench/demo-native-cache" \
    -cp "$cp" dev.rustmaven.examples.app.Main "demo"
done

step "mvn install of examples/pi-hello, a static Rust program, for armv7-unknown-linux-musleabihf and aarch64-unknown-linux-musl"
(cd "$root/examples/pi-hello" && mvn_q install "${rust[@]}")
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
repo="$HOME/.m2/repository/dev/rustmaven/examples/pi-hello/$version"
for t in armv7-unknown-linux-musleabihf:qemu.arm aarch64-unknown-linux-musl:qemu.aarch64; do
  triple=${t%%:*}
  cp "$repo/pi-hello-$version-$triple.bin" "$tmp/pi-hello-$triple" && chmod +x "$tmp/pi-hello-$triple"
  step "Running pi-hello-$version-$triple.bin under $(basename "$(prop "${t##*:}")")"
  "$(prop "${t##*:}")" "$tmp/pi-hello-$triple" demo
done
