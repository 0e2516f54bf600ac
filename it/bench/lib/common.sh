# shellcheck shell=bash disable=SC2034
# Shared helpers of the test bench: logging, timing, the cache layout, step stamps, apt and .deb
# handling, properties. Sourced by setup.sh; defines functions and variables only.

BENCH_HOST_TRIPLE=x86_64-unknown-linux-gnu
# The five cross targets the integration tests build for, with the Debian architecture whose
# packages (musl-dev, libgcc, the JVM root) belong to them and the C library they use.
BENCH_TARGETS="armv7-unknown-linux-gnueabihf aarch64-unknown-linux-gnu arm-unknown-linux-gnueabihf armv7-unknown-linux-musleabihf aarch64-unknown-linux-musl"

bench_target_debarch() {
  case "$1" in
    aarch64-*) echo arm64 ;;
    arm-* | armv7-*) echo armhf ;;
    *) die "no Debian architecture known for target $1" ;;
  esac
}

bench_target_is_musl() {
  case "$1" in *-musl*) return 0 ;; *) return 1 ;; esac
}

# ---------------------------------------------------------------- logging and timing

now_ms() { date +%s%3N; }

log() { printf '[bench] %s\n' "$*" >&2; }
warn() { printf '[bench] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[bench] ERROR: %s\n' "$*" >&2
  exit 1
}

# Installed as the ERR trap: names the command that failed instead of exiting silently. Only in the
# main shell: inside $(...) a failing command is the caller's business (its status is checked there).
on_error() {
  [ "$BASHPID" = "$$" ] || return 0
  printf '[bench] ERROR: command failed with exit code %s in %s (%s:%s): %s\n' "$1" "${FUNCNAME[1]:-main}" "${BASH_SOURCE[1]##*/}" "$2" "$3" >&2
  exit "$1"
}

elapsed_since() {
  local start=$1 ms
  ms=$(($(now_ms) - start))
  printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100))
}

require_commands() {
  local missing="" c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
  done
  [ -z "$missing" ] || die "missing tools:$missing (on Debian: apt-get install dpkg-dev xz-utils util-linux binutils openjdk-17-jdk-headless)"
}

# ---------------------------------------------------------------- cache layout

bench_init_paths() {
  if [ -z "${RUST_MAVEN_BENCH:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ] && [ -z "${HOME:-}" ]; then
    die "neither RUST_MAVEN_BENCH, XDG_CACHE_HOME nor HOME is set: set RUST_MAVEN_BENCH to the bench cache directory"
  fi
  BENCH_ROOT=${RUST_MAVEN_BENCH:-${XDG_CACHE_HOME:-$HOME/.cache}/rust-maven-plugin-bench}
  case "$BENCH_ROOT" in /*) ;; *) BENCH_ROOT="$PWD/$BENCH_ROOT" ;; esac
  BENCH_STATE="$BENCH_ROOT/state"
  BENCH_TMP="$BENCH_ROOT/tmp"
  BENCH_PROPERTIES="$BENCH_ROOT/bench.properties"
  TOOLCHAIN_DIR="$BENCH_ROOT/toolchain"
  STD_DIR="$BENCH_ROOT/rust-std"
  DIST_DIR="$BENCH_ROOT/dist-server"
  LLD_DIR="$BENCH_ROOT/lld"
  QEMU_DIR="$BENCH_ROOT/qemu"
  PI_DIR="$BENCH_ROOT/pi"
  SMOKE_DIR="$BENCH_ROOT/smoke"
}

# A scratch directory under the cache, removed when the script exits.
make_scratch() {
  mkdir -p "$BENCH_TMP"
  mktemp -d "$BENCH_TMP/$1.XXXXXX"
}

cleanup_scratch() {
  [ -n "${BENCH_TMP:-}" ] && [ -d "$BENCH_TMP" ] && rm -rf "$BENCH_TMP"
  return 0
}

# ---------------------------------------------------------------- steps and stamps
#
# A step is cached when its stamp holds the step's current fingerprint and its verify function
# passes. The fingerprint hashes the script file that defines the step plus whatever the step
# depends on, so changing a recipe rebuilds exactly what it affects.

file_hash() { sha256sum "$1" | cut -c1-16; }

stamp_read() { cat "$BENCH_STATE/$1.stamp" 2>/dev/null || true; }

stamp_write() {
  mkdir -p "$BENCH_STATE"
  printf '%s\n' "$2" >"$BENCH_STATE/$1.stamp.tmp"
  mv "$BENCH_STATE/$1.stamp.tmp" "$BENCH_STATE/$1.stamp"
}

stamp_clear() { rm -f "$BENCH_STATE/$1.stamp"; }

BENCH_NOT_READY=""

# run_step NAME FINGERPRINT BUILD_COMMAND VERIFY_COMMAND (commands are split on spaces: a function and its arguments)
# In check mode only verifies. Otherwise rebuilds when the stamp is stale or verification fails,
# then verifies again: a step is only stamped once it has been shown to work.
run_step() {
  local name=$1 fp=$2 build=$3 verify=$4 start why
  start=$(now_ms)
  if [ "$(stamp_read "$name")" != "$fp" ]; then
    why="not built yet, or built by an older version of the bench scripts"
  elif ! $verify >"$BENCH_TMP/verify-$name.log" 2>&1; then
    why="no longer verifies: $(tr '\n' ' ' <"$BENCH_TMP/verify-$name.log")"
  else
    log "ok    $name (cached, $(elapsed_since "$start"))"
    return 0
  fi
  if [ "$BENCH_MODE" = check ]; then
    log "MISSING $name: $why"
    BENCH_NOT_READY="$BENCH_NOT_READY $name"
    return 0
  fi
  log "build $name ($why) ..."
  stamp_clear "$name"
  $build
  if ! $verify >"$BENCH_TMP/verify-$name.log" 2>&1; then
    cat "$BENCH_TMP/verify-$name.log" >&2
    die "step '$name' was built but does not verify (see above)"
  fi
  stamp_write "$name" "$fp"
  log "ok    $name (built, $(elapsed_since "$start"))"
}

# ---------------------------------------------------------------- apt and .deb files

is_root() { [ "$(id -u)" = 0 ]; }

# apt-get download into a directory, without the _apt sandbox warning when running as root.
apt_download() {
  local dest=$1
  shift
  mkdir -p "$dest"
  local opts=(-q -o Debug::NoLocking=1)
  is_root && opts+=(-o APT::Sandbox::User=root)
  (cd "$dest" && apt-get download "${opts[@]}" "$@") >"$dest/apt-download.log" 2>&1 || {
    cat "$dest/apt-download.log" >&2
    die "apt-get download $* failed; check that the Debian archive is reachable and run 'apt-get update'"
  }
}

# Unpack every .deb of a directory into a root directory (no maintainer scripts, no install).
extract_debs() {
  local debs=$1 root=$2 deb
  mkdir -p "$root"
  for deb in "$debs"/*.deb; do
    [ -e "$deb" ] || die "no .deb files in $debs"
    dpkg-deb -x "$deb" "$root" || die "could not unpack $deb"
  done
}

# The highest version apt knows for a package (optionally pkg:arch).
apt_highest_version() {
  local best="" v
  for v in $(apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}'); do
    if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
  done
  printf '%s' "$best"
}

BENCH_APT_UPDATED=no

# apt-get update once per run, tolerating a partial failure (a mirror in sync): what matters is
# whether the packages needed can be found afterwards, which the callers check.
apt_update_once() {
  [ "$BENCH_APT_UPDATED" = yes ] && return 0
  is_root || die "apt-get update needed but not root; run as root: apt-get update"
  log "      apt-get update"
  apt-get update -q -o DPkg::Lock::Timeout=300 >"$BENCH_TMP/apt-update.log" 2>&1 || warn "apt-get update reported errors (continuing): $(grep -E -m 3 '^(E|W):' "$BENCH_TMP/apt-update.log" | tr '\n' ' ')"
  BENCH_APT_UPDATED=yes
}

BENCH_FOREIGN_ARCHS_READY=no

# Foreign architectures let apt-get download pkg:armhf and pkg:arm64 (nothing is installed for them).
ensure_foreign_archs() {
  [ "$BENCH_FOREIGN_ARCHS_READY" = yes ] && return 0
  local a added=no
  for a in armhf arm64; do
    if ! grep -qx "$a" <<<"$(dpkg --print-foreign-architectures)"; then
      is_root || die "Debian architecture $a is not enabled; run as root: dpkg --add-architecture $a && apt-get update"
      dpkg --add-architecture "$a"
      added=yes
    fi
  done
  if [ "$added" = yes ] || [ -z "$(apt_highest_version libc6:armhf)" ] || [ -z "$(apt_highest_version libc6:arm64)" ]; then
    apt_update_once
  fi
  [ -n "$(apt_highest_version libc6:armhf)" ] || die "apt knows no libc6:armhf even after apt-get update; check /etc/apt/sources.list*"
  [ -n "$(apt_highest_version libc6:arm64)" ] || die "apt knows no libc6:arm64 even after apt-get update; check /etc/apt/sources.list*"
  BENCH_FOREIGN_ARCHS_READY=yes
}

# ---------------------------------------------------------------- properties

# Java properties escaping for values: backslash first, then newlines as \n.
prop_escape() {
  local v=${1//\\/\\\\}
  v=${v//$'\n'/\\n}
  printf '%s' "$v"
}

prop() { printf '%s=%s\n' "$1" "$(prop_escape "$2")" >>"$BENCH_PROPS_TMP"; }
