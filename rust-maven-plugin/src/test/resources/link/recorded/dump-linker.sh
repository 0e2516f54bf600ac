#!/bin/sh
# A stand-in linker for rustc: records its arguments (and any @response file) in $DUMP_DIR,
# one argument per line, and creates an empty output file so that cargo finds one.
out="${DUMP_DIR:?}/argv.txt"
: > "$out"
prev=""
for a in "$@"; do
  printf '%s\n' "$a" >> "$out"
  case "$a" in
    @*) cp "${a#@}" "$DUMP_DIR/response-file.txt"
        o=$(awk 'p{print;exit} $0=="-o"{p=1}' "${a#@}")
        [ -n "$o" ] && : > "$o" ;;
  esac
  [ "$prev" = "-o" ] && : > "$a"
  prev="$a"
done
exit 0
