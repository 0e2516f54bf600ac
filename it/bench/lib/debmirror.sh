# shellcheck shell=bash
# A genuine subset of the Debian archive under $DEBMIRROR_DIR, laid out like the archive, for the
# plugin's provisioning of target headers and libraries:
#   dists/<suite>/InRelease                       apt's own copy, signed by Debian (verified with gpgv)
#   dists/<suite>/main/binary-<arch>/Packages     apt's list, decompressed; sha256 and size as InRelease says
#   pool/main/...                                 the .debs of DEBMIRROR_PACKAGES, at their Filename: paths
# Nothing is made up: the index files come from apt's verified lists (/var/lib/apt/lists), the .debs
# from apt-get download at the exact version the Packages file lists, each checked against the
# SHA256 of its stanza. The mirror is rebuilt only when apt's InRelease of the suite changes
# (or this file does). BENCH-PACKAGES (not part of the archive format) lists what the bench took:
# "<arch> <name> <version> <Filename> <SHA256>" per line.

DEBMIRROR_SUITE=bookworm
DEBMIRROR_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
DEBMIRROR_ARCHS="armhf arm64"
DEBMIRROR_PACKAGES="libc6-dev linux-libc-dev libgcc-12-dev libstdc++-12-dev libstdc++6 musl-dev"
DEBMIRROR_APT_HELPER=/usr/lib/apt/apt-helper

# apt's list directory (Dir::State::lists), with a trailing slash.
debmirror_apt_lists_dir() {
  local LISTS=/var/lib/apt/lists/
  eval "$(apt-config shell LISTS Dir::State::lists/d 2>/dev/null || true)"
  printf '%s' "$LISTS"
}

# apt's InRelease of the suite: the first <source>_dists_<suite>_InRelease of the list directory
# for which apt also has both architectures' main Packages lists. Prints nothing when there is none.
debmirror_apt_inrelease() {
  local dir f prefix a ok
  dir=$(debmirror_apt_lists_dir)
  for f in "$dir"*_dists_"$DEBMIRROR_SUITE"_InRelease; do
    [ -f "$f" ] || continue
    prefix=${f%_dists_"$DEBMIRROR_SUITE"_InRelease}
    ok=yes
    for a in $DEBMIRROR_ARCHS; do
      [ -n "$(debmirror_apt_packages_list "$prefix" "$a")" ] || ok=no
    done
    if [ "$ok" = yes ]; then
      printf '%s' "$f"
      return 0
    fi
  done
}

# debmirror_apt_packages_list PREFIX ARCH: apt's list of main/binary-ARCH/Packages, whatever its compression.
debmirror_apt_packages_list() {
  local f
  for f in "$1"_dists_"$DEBMIRROR_SUITE"_main_binary-"$2"_Packages*; do
    [ -f "$f" ] && { printf '%s' "$f"; return 0; }
  done
}

debmirror_fingerprint() {
  local inrelease sum=none
  inrelease=$(debmirror_apt_inrelease)
  [ -z "$inrelease" ] || sum=$(file_hash "$inrelease")
  printf 'debian-mirror|%s|%s|%s|%s' "$(file_hash "$BENCH_LIB/debmirror.sh")" "$sum" "$DEBMIRROR_ARCHS" "$DEBMIRROR_PACKAGES"
}

debmirror_suite_dir() { printf '%s' "$1/dists/$DEBMIRROR_SUITE"; }
debmirror_packages_file() { printf '%s' "$1/dists/$DEBMIRROR_SUITE/main/binary-$2/Packages"; }

# debmirror_release_entry INRELEASE PATH: "<sha256> <size>" of PATH in the SHA256 section.
debmirror_release_entry() {
  awk -v f="$2" '/^[A-Za-z0-9-]+:/ { section = $1 } section == "SHA256:" && NF == 3 && $3 == f { print $1, $2; exit }' "$1"
}

# debmirror_check_packages MIRROR ARCH: the Packages file's sha256 and size are those InRelease lists.
# Prints what is wrong and fails otherwise.
debmirror_check_packages() {
  local packages want got
  packages=$(debmirror_packages_file "$1" "$2")
  want=$(debmirror_release_entry "$(debmirror_suite_dir "$1")/InRelease" "main/binary-$2/Packages")
  [ -n "$want" ] || { echo "InRelease lists no SHA256 of main/binary-$2/Packages"; return 1; }
  [ -f "$packages" ] || { echo "no $packages"; return 1; }
  got="$(sha256sum "$packages" | cut -d' ' -f1) $(stat -c %s "$packages")"
  [ "$got" = "$want" ] || { echo "main/binary-$2/Packages has sha256 and size '$got', InRelease says '$want'"; return 1; }
}

# debmirror_stanzas PACKAGES_FILE NAME...: "<name> <version> <Filename> <SHA256> <Architecture>" of each
# stanza of those packages, one per line.
debmirror_stanzas() {
  local file=$1
  shift
  awk -v want=" $* " 'BEGIN { RS = ""; FS = "\n" }
    {
      p = v = f = s = a = ""
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^Package: /) p = substr($i, 10)
        else if ($i ~ /^Version: /) v = substr($i, 10)
        else if ($i ~ /^Filename: /) f = substr($i, 11)
        else if ($i ~ /^SHA256: /) s = substr($i, 9)
        else if ($i ~ /^Architecture: /) a = substr($i, 15)
      }
      if (p != "" && index(want, " " p " ")) print p, v, f, s, a
    }' "$file"
}

# debmirror_pick PACKAGES_FILE ARCH: "<name> <version> <Filename> <SHA256>" per package of
# DEBMIRROR_PACKAGES, the highest version where the list has several. Dies naming what is missing.
debmirror_pick() {
  local file=$1 arch=$2 stanzas p line best name version filename sha a
  # shellcheck disable=SC2086
  stanzas=$(debmirror_stanzas "$file" $DEBMIRROR_PACKAGES)
  for p in $DEBMIRROR_PACKAGES; do
    best=""
    while read -r name version filename sha a; do
      [ "$name" = "$p" ] || continue
      [ "$a" = "$arch" ] || die "$p in main/binary-$arch/Packages is Architecture: $a, expected $arch"
      if [ -z "$best" ] || dpkg --compare-versions "$version" gt "${best#* }"; then best="$name $version"; line="$name $version $filename $sha"; fi
    done <<<"$stanzas"
    [ -n "$best" ] || die "$p is not in $DEBMIRROR_SUITE's main/binary-$arch/Packages"
    printf '%s\n' "$line"
  done
}

# Copies apt's InRelease and Packages lists into DEST and checks them against each other. Fails,
# saying why, when apt's lists are missing or inconsistent (stale, or caught mid-update).
debmirror_copy_lists() {
  local dest=$1 inrelease prefix a list packages
  inrelease=$(debmirror_apt_inrelease)
  [ -n "$inrelease" ] || { echo "apt has no $DEBMIRROR_SUITE InRelease with main Packages lists for $DEBMIRROR_ARCHS in $(debmirror_apt_lists_dir)"; return 1; }
  prefix=${inrelease%_dists_"$DEBMIRROR_SUITE"_InRelease}
  mkdir -p "$(debmirror_suite_dir "$dest")"
  cp "$inrelease" "$(debmirror_suite_dir "$dest")/InRelease"
  for a in $DEBMIRROR_ARCHS; do
    list=$(debmirror_apt_packages_list "$prefix" "$a")
    packages=$(debmirror_packages_file "$dest" "$a")
    mkdir -p "${packages%/*}"
    "$DEBMIRROR_APT_HELPER" cat-file "$list" >"$packages" || { echo "apt-helper cannot decompress $list"; return 1; }
    debmirror_check_packages "$dest" "$a" || { echo "(apt's lists: $inrelease and $list)"; return 1; }
  done
}

# debmirror_take_lists DEST: debmirror_copy_lists, and when apt's lists are not usable, apt-get update
# and one more try; dies saying why when they still are not.
debmirror_take_lists() {
  local dest=$1 why
  rm -rf "$dest"
  if why=$(debmirror_copy_lists "$dest"); then return 0; fi
  warn "apt's $DEBMIRROR_SUITE lists are not usable: $(join_lines "$why"); apt-get update and one more try"
  apt_update_again
  rm -rf "$dest"
  why=$(debmirror_copy_lists "$dest") ||
    die "apt's $DEBMIRROR_SUITE lists are still not usable after apt-get update: $(join_lines "$why")${BENCH_APT_FAILED_INDEXES:+ (apt-get update could not fetch: $BENCH_APT_FAILED_INDEXES)}; wait a few minutes if a mirror is syncing and re-run"
}

debmirror_build() {
  local new=$DEBMIRROR_DIR.new scratch a picked mine name version filename sha deb got
  local -a wanted
  [ -x "$DEBMIRROR_APT_HELPER" ] || die "no $DEBMIRROR_APT_HELPER (package apt): cannot read apt's lists"
  require_foreign_packages
  debmirror_take_lists "$new"
  scratch=$(make_scratch debian-mirror)
  : >"$new/BENCH-PACKAGES"
  for a in $DEBMIRROR_ARCHS; do
    wanted=()
    picked=$(debmirror_pick "$(debmirror_packages_file "$new" "$a")" "$a")
    while read -r name version filename sha; do
      printf '%s %s %s %s %s\n' "$a" "$name" "$version" "$filename" "$sha" >>"$new/BENCH-PACKAGES"
      mkdir -p "$new/${filename%/*}"
      # A .deb the previous mirror already holds (same Filename, same SHA256) is not downloaded again.
      if [ -f "$DEBMIRROR_DIR/$filename" ] && [ "$(sha256sum "$DEBMIRROR_DIR/$filename" | cut -d' ' -f1)" = "$sha" ]; then
        cp "$DEBMIRROR_DIR/$filename" "$new/$filename"
      else
        wanted+=("$name:$a=$version")
      fi
    done <<<"$picked"
    [ "${#wanted[@]}" -eq 0 ] && continue
    log "      apt-get download ${wanted[*]}"
    apt_download "$scratch/$a" "${wanted[@]}"
    mine=$(awk -v a="$a" '$1 == a' "$new/BENCH-PACKAGES")
    while read -r _ name version filename sha; do
      [ -f "$new/$filename" ] && continue
      # apt-get download names a file <name>_<version, ':' as %3a>_<arch>.deb
      deb="$scratch/$a/${name}_${version//:/%3a}_$a.deb"
      [ -f "$deb" ] || die "apt-get download $name:$a=$version left no $deb"
      got=$(sha256sum "$deb" | cut -d' ' -f1)
      [ "$got" = "$sha" ] || die "$name:$a=$version from apt-get download has sha256 $got, the Packages file says $sha"
      mv "$deb" "$new/$filename"
    done <<<"$mine"
  done
  rm -rf "$DEBMIRROR_DIR"
  mv "$new" "$DEBMIRROR_DIR"
  rm -rf "$scratch"
}

debmirror_verify() {
  local suite a p stanzas name version filename sha got
  suite=$(debmirror_suite_dir "$DEBMIRROR_DIR")
  [ -f "$suite/InRelease" ] || { echo "no $suite/InRelease"; return 1; }
  [ -r "$DEBMIRROR_KEYRING" ] || { echo "no $DEBMIRROR_KEYRING (package debian-archive-keyring)"; return 1; }
  gpgv --keyring "$DEBMIRROR_KEYRING" "$suite/InRelease" >"$BENCH_TMP/debmirror-gpgv.log" 2>&1 ||
    { echo "$suite/InRelease does not verify against $DEBMIRROR_KEYRING: $(join_lines "$(cat "$BENCH_TMP/debmirror-gpgv.log")")"; return 1; }
  grep -qx "Codename: $DEBMIRROR_SUITE" "$suite/InRelease" || { echo "$suite/InRelease is not of $DEBMIRROR_SUITE"; return 1; }
  [ -f "$DEBMIRROR_DIR/BENCH-PACKAGES" ] || { echo "no $DEBMIRROR_DIR/BENCH-PACKAGES"; return 1; }
  for a in $DEBMIRROR_ARCHS; do
    debmirror_check_packages "$DEBMIRROR_DIR" "$a" || return 1
    # shellcheck disable=SC2086
    stanzas=$(debmirror_stanzas "$(debmirror_packages_file "$DEBMIRROR_DIR" "$a")" $DEBMIRROR_PACKAGES)
    for p in $DEBMIRROR_PACKAGES; do
      awk -v a="$a" -v p="$p" '$1 == a && $2 == p { found = 1 } END { exit !found }' "$DEBMIRROR_DIR/BENCH-PACKAGES" ||
        { echo "BENCH-PACKAGES lacks $p for $a"; return 1; }
    done
    while read -r _ name version filename sha; do
      grep -qxF "$name $version $filename $sha $a" <<<"$stanzas" ||
        { echo "$name:$a $version ($filename, $sha) is not a stanza of main/binary-$a/Packages"; return 1; }
      [ -f "$DEBMIRROR_DIR/$filename" ] || { echo "no $DEBMIRROR_DIR/$filename"; return 1; }
      got=$(sha256sum "$DEBMIRROR_DIR/$filename" | cut -d' ' -f1)
      [ "$got" = "$sha" ] || { echo "$DEBMIRROR_DIR/$filename has sha256 $got, its stanza says $sha"; return 1; }
    done < <(awk -v a="$a" '$1 == a' "$DEBMIRROR_DIR/BENCH-PACKAGES")
  done
}

# "name=version,..." of an architecture, in the order of DEBMIRROR_PACKAGES.
debmirror_packages_csv() {
  awk -v a="$1" '$1 == a { out = out (out == "" ? "" : ",") $2 "=" $3 } END { print out }' "$DEBMIRROR_DIR/BENCH-PACKAGES"
}

# The mirror's .deb of a package for an architecture (absolute path).
debmirror_deb() {
  local f
  f=$(awk -v a="$1" -v p="$2" '$1 == a && $2 == p { print $4; exit }' "$DEBMIRROR_DIR/BENCH-PACKAGES")
  [ -n "$f" ] || die "the Debian mirror has no $2 for $1"
  printf '%s' "$DEBMIRROR_DIR/$f"
}
