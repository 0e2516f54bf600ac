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

# Debian's multiarch tuples of an architecture: where glibc's (and the kernel's asm/) headers and
# libraries live, and where musl-dev puts musl's.
bench_debarch_gnu_multiarch() {
  case "$1" in armhf) echo arm-linux-gnueabihf ;; arm64) echo aarch64-linux-gnu ;; *) die "no multiarch tuple known for $1" ;; esac
}
bench_debarch_musl_multiarch() {
  case "$1" in armhf) echo arm-linux-musleabihf ;; arm64) echo aarch64-linux-musl ;; *) die "no musl multiarch tuple known for $1" ;; esac
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
  # One canonical path for every step: absolute, no // or trailing /, no symbolic links (it need not exist
  # yet). The steps compare paths that tools canonicalise (rustc's sysroot, readlink -f) with these ones.
  BENCH_ROOT=$(realpath -m -- "$BENCH_ROOT") || die "cannot make a path of the bench directory '$BENCH_ROOT' (RUST_MAVEN_BENCH)"
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
  DEBMIRROR_DIR="$BENCH_ROOT/debian-mirror"
  CC_ROOTS_DIR="$BENCH_ROOT/cc-roots"
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

# step_stale NAME FINGERPRINT: whether the step's stamp is not the current fingerprint (it will build).
step_stale() { [ "$(stamp_read "$1")" != "$2" ]; }

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

# apt-get download into a directory, without the _apt sandbox warning when running as root. Package lists
# are brought up to date first (once per run).
apt_download() {
  local dest=$1
  shift
  apt_update_once
  mkdir -p "$dest"
  local opts=(-q -o Debug::NoLocking=1)
  is_root && opts+=(-o APT::Sandbox::User=root)
  (cd "$dest" && apt-get download "${opts[@]}" "$@") >"$dest/apt-download.log" 2>&1 || {
    cat "$dest/apt-download.log" >&2
    die "apt-get download $* failed${BENCH_APT_FAILED_INDEXES:+ (apt-get update could not fetch: $BENCH_APT_FAILED_INDEXES)}; check that the Debian archive is reachable, wait a few minutes if a mirror is syncing, and re-run"
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

# The versions apt knows for a package (optionally pkg:arch), one per line.
apt_versions() {
  local out
  out=$(apt-cache madison "$1" 2>/dev/null) || true
  awk -F'|' 'NF >= 2 {gsub(/ /,"",$2); print $2}' <<<"$out"
}

# The highest version apt knows for a package (optionally pkg:arch).
apt_highest_version() {
  local best="" v
  for v in $(apt_versions "$1"); do
    if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
  done
  printf '%s' "$best"
}

# The upstream release in a Debian version: 1:1.96.0+dfsg1-1~deb12u2 -> 1.96.0
debian_upstream() {
  local v=${1#*:}
  printf '%s' "${v%%[+~-]*}"
}

# The packages (name=version) apt would install for the given name=version list on a machine with
# nothing installed: the dependency closure computed against an empty dpkg status, so that what is
# already installed here changes nothing. One per line, in apt's order.
apt_closure() {
  local status="$BENCH_TMP/empty-dpkg-status" out
  mkdir -p "$BENCH_TMP"
  : >"$status"
  out=$(apt-get -s -q -o Dir::State::status="$status" -o Debug::NoLocking=1 install --no-install-recommends "$@" 2>"$BENCH_TMP/apt-closure.err") || {
    cat "$BENCH_TMP/apt-closure.err" >&2
    die "apt cannot resolve $*${BENCH_APT_FAILED_INDEXES:+ (apt-get update could not fetch: $BENCH_APT_FAILED_INDEXES)}"
  }
  awk '/^Inst /{v = ""; for (i = 3; i <= NF; i++) if ($i ~ /^\(/) { v = substr($i, 2); break }; print $2 "=" v}' <<<"$out"
}

# ---------------------------------------------------------------- apt-get update, robust to a mirror in sync
#
# A Debian mirror being synced serves, for a few minutes, an index whose size does not match its
# Release file ("File has unexpected size ... Mirror sync in progress?"). apt-get update then fails
# for that index and drops every list of the same suite, so packages of the suite's *other*
# architectures vanish too (rustc-web 1.96 lives in bookworm-security, whose armhf index failed).
# So: retry with backoff; if an index still fails, update one architecture at a time, so that a
# failing foreign index only costs its own architecture; and say which index failed. The callers
# check that what they need is there, and name the failed indexes when it is not.

BENCH_APT_ARCHS="amd64 armhf arm64"
BENCH_APT_TRIES=${RUST_MAVEN_BENCH_APT_TRIES:-3}
# Seconds to wait before the second, third, ... try.
BENCH_APT_BACKOFF=${RUST_MAVEN_BENCH_APT_BACKOFF:-3 10}
BENCH_APT_UPDATED=no
# What the update could not fetch, "<index URL> (<reason>)" separated by "; ", empty when all went well.
BENCH_APT_FAILED_INDEXES=""

# The indexes an apt-get update log could not fetch, "<URL> (<reason>)", one per line.
apt_failed_indexes() {
  sed -n -e 's/ *\[IP: [^]]*\]//' -e 's/^[EW]: Failed to fetch \([^ ]*\)  *\(.*\)$/\1 (\2)/p' "$1"
}

# apt_update_try LOG [options]: one apt-get update; succeeds only when every index was fetched.
apt_update_try() {
  local log=$1
  shift
  apt-get update -q -o DPkg::Lock::Timeout=300 "$@" >"$log" 2>&1 || return 1
  [ -z "$(apt_failed_indexes "$log")" ]
}

# Joins lines with "; ".
join_lines() {
  local out="" line
  while IFS= read -r line; do
    [ -n "$line" ] && out="${out:+$out; }$line"
  done <<<"$1"
  printf '%s' "$out"
}

apt_update_once() {
  [ "$BENCH_APT_UPDATED" = yes ] && return 0
  BENCH_APT_UPDATED=yes
  if ! is_root; then
    warn "not root: apt-get update skipped, apt's package lists are used as they are"
    return 0
  fi
  ensure_foreign_archs
  mkdir -p "$BENCH_TMP"
  local log="$BENCH_TMP/apt-update.log" try=1 failed="" a
  local -a delays
  read -r -a delays <<<"$BENCH_APT_BACKOFF"
  while :; do
    log "      apt-get update (try $try of $BENCH_APT_TRIES)"
    if apt_update_try "$log"; then
      BENCH_APT_FAILED_INDEXES=""
      return 0
    fi
    failed=$(join_lines "$(apt_failed_indexes "$log")")
    [ -n "$failed" ] || failed="apt-get update failed: $(join_lines "$(grep -E '^E:' "$log" || true)")"
    warn "apt-get update could not fetch: $failed"
    [ "$try" -lt "$BENCH_APT_TRIES" ] || break
    sleep "${delays[$((try - 1))]:-${delays[${#delays[@]} - 1]:-0}}"
    try=$((try + 1))
  done
  log "      apt-get update, one architecture at a time (so that a failing index drops only its own architecture)"
  BENCH_APT_FAILED_INDEXES=""
  for a in $BENCH_APT_ARCHS; do
    if ! apt_update_try "$log.$a" -o APT::Architectures="$a" -o APT::Get::List-Cleanup=false; then
      failed=$(join_lines "$(apt_failed_indexes "$log.$a")")
      [ -n "$failed" ] || failed="$a: $(join_lines "$(grep -E '^E:' "$log.$a" || true)")"
      BENCH_APT_FAILED_INDEXES="${BENCH_APT_FAILED_INDEXES:+$BENCH_APT_FAILED_INDEXES; }$failed"
    fi
  done
  if [ -n "$BENCH_APT_FAILED_INDEXES" ]; then
    warn "apt-get update still could not fetch: $BENCH_APT_FAILED_INDEXES; going on with the other indexes (a mirror in sync usually recovers within minutes)"
  else
    log "      apt-get update: every index fetched, one architecture at a time"
  fi
}

# apt_install PACKAGE [WHY]: apt-get install --no-install-recommends of one package, as root (WHY, if given,
# says in the error for non-root runs why the bench needs it); the log goes to $BENCH_TMP.
apt_install() {
  local package=$1 why=${2:-} log="$BENCH_TMP/apt-install-$1.log"
  is_root || die "$package is not installed${why:+ ($why)}; run as root: apt-get install --no-install-recommends $package"
  apt_update_once
  log "      apt-get install $package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "$package" >"$log" 2>&1 || {
    tail -20 "$log" >&2
    die "apt-get install $package failed${BENCH_APT_FAILED_INDEXES:+ (apt-get update could not fetch: $BENCH_APT_FAILED_INDEXES)}"
  }
}

# apt-get update once more in this run, whatever ran before (for lists found inconsistent).
apt_update_again() {
  BENCH_APT_UPDATED=no
  apt_update_once
}

BENCH_FOREIGN_ARCHS_READY=no

# Foreign architectures let apt-get download pkg:armhf and pkg:arm64 (nothing is installed for them).
# Enabled before the first apt-get update, so that one update fetches every index the bench needs.
ensure_foreign_archs() {
  [ "$BENCH_FOREIGN_ARCHS_READY" = yes ] && return 0
  local a
  for a in armhf arm64; do
    if ! grep -qx "$a" <<<"$(dpkg --print-foreign-architectures)"; then
      is_root || die "Debian architecture $a is not enabled; run as root: dpkg --add-architecture $a && apt-get update"
      dpkg --add-architecture "$a"
    fi
  done
  BENCH_FOREIGN_ARCHS_READY=yes
}

# The Pi steps need packages of both foreign architectures.
require_foreign_packages() {
  apt_update_once
  local a
  for a in armhf arm64; do
    [ -n "$(apt_highest_version "libc6:$a")" ] ||
      die "apt knows no libc6:$a${BENCH_APT_FAILED_INDEXES:+ (apt-get update could not fetch: $BENCH_APT_FAILED_INDEXES)}; check /etc/apt/sources.list*, or wait a few minutes if a mirror is syncing and re-run"
  done
}

# ---------------------------------------------------------------- properties

# Java properties escaping for values: backslash first, then newlines as \n.
prop_escape() {
  local v=${1//\\/\\\\}
  v=${v//$'\n'/\\n}
  printf '%s' "$v"
}

prop() { printf '%s=%s\n' "$1" "$(prop_escape "$2")" >>"$BENCH_PROPS_TMP"; }
