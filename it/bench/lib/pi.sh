# shellcheck shell=bash
# The emulated Raspberry Pis: qemu-user-static unpacked into the cache, and one root directory per
# Debian architecture holding Debian's OpenJDK 17 (what Raspberry Pi OS bookworm ships) with the
# libraries it needs, unpacked from the foreign-architecture .debs. Run a Pi JVM with
#   <qemu> -L <root> <root>/usr/lib/jvm/java-17-openjdk-<arch>/bin/java ...
# libc6-dev makes each root a target sysroot too (crt1.o, crti.o, crtn.o): the plugin's <sysroot> for
# linking executables of gnu targets. It is glibc's development files, not a C compiler.

PI_PACKAGES=${RUST_MAVEN_BENCH_PI_PACKAGES:-openjdk-17-jre-headless libc6 libc6-dev libgcc-s1 libstdc++6 zlib1g}
PI_PROBE_CLASS=BenchPiProbe

qemu_fingerprint() { printf 'qemu|%s' "$(file_hash "$BENCH_LIB/pi.sh")"; }
qemu_for_arch() { case "$1" in armhf) printf '%s' "$QEMU_DIR/usr/bin/qemu-arm-static" ;; arm64) printf '%s' "$QEMU_DIR/usr/bin/qemu-aarch64-static" ;; esac; }

qemu_build() {
  local scratch
  scratch=$(make_scratch qemu)
  apt_download "$scratch/debs" qemu-user-static
  rm -rf "$QEMU_DIR" "$QEMU_DIR.new"
  extract_debs "$scratch/debs" "$QEMU_DIR.new"
  # Only the two emulators the bench uses are kept.
  find "$QEMU_DIR.new/usr/bin" -type f ! -name qemu-arm-static ! -name qemu-aarch64-static -delete
  rm -rf "$QEMU_DIR.new/usr/share"
  mv "$QEMU_DIR.new" "$QEMU_DIR"
  rm -rf "$scratch"
}

qemu_verify() {
  local a q
  for a in armhf arm64; do
    q=$(qemu_for_arch "$a")
    [ -x "$q" ] || { echo "no $q"; return 1; }
    case "$("$q" -version 2>&1 || true)" in qemu-*) ;; *) echo "$q does not run"; return 1 ;; esac
  done
}

pi_fingerprint() { printf 'pi|%s|%s|%s' "$(file_hash "$BENCH_LIB/pi.sh")" "$1" "$PI_PACKAGES"; }
pi_root() { printf '%s' "$PI_DIR/$1"; }
pi_java() { printf '%s' "$PI_DIR/$1/usr/lib/jvm/java-17-openjdk-$1/bin/java"; }

pi_build() {
  local arch=$1 scratch root p pkgs=""
  require_foreign_packages
  scratch=$(make_scratch "pi-$arch")
  root=$(pi_root "$arch")
  for p in $PI_PACKAGES; do pkgs="$pkgs $p:$arch"; done
  # shellcheck disable=SC2086
  apt_download "$scratch/debs" $pkgs
  rm -rf "$root" "$root.new"
  extract_debs "$scratch/debs" "$root.new"
  rm -rf "$root.new/usr/share/doc" "$root.new/usr/share/man"
  mv "$root.new" "$root"
  # A class compiled here and run on the emulated Pi proves more than java -version alone.
  mkdir -p "$scratch/src" "$root/bench-probe"
  cat >"$scratch/src/$PI_PROBE_CLASS.java" <<'JAVA'
public class BenchPiProbe {
    public static void main(String[] args) {
        System.out.println("bench-pi " + System.getProperty("os.arch") + " " + System.getProperty("java.specification.version"));
    }
}
JAVA
  javac --release 17 -d "$root/bench-probe" "$scratch/src/$PI_PROBE_CLASS.java" || die "javac (JDK 17+) is needed to compile the Pi probe class"
  rm -rf "$scratch"
}

pi_verify() {
  local arch=$1 root java q out expected
  root=$(pi_root "$arch")
  java=$(pi_java "$arch")
  q=$(qemu_for_arch "$arch")
  [ -x "$java" ] || { echo "no $java"; return 1; }
  case "$arch" in armhf) expected="bench-pi arm 17" ;; arm64) expected="bench-pi aarch64 17" ;; esac
  [ -n "$(find "$root/usr/lib" -maxdepth 2 -name crt1.o -print -quit)" ] ||
    { echo "no crt1.o (libc6-dev) in $root"; return 1; }
  out=$("$q" -L "$root" "$java" -Xshare:auto -cp "$root/bench-probe" "$PI_PROBE_CLASS" 2>&1) ||
    { echo "the $arch JVM does not start under $q: $out"; return 1; }
  [ "$out" = "$expected" ] || { echo "the $arch JVM printed '$out', expected '$expected'"; return 1; }
}
