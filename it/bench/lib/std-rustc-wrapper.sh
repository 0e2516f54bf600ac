#!/bin/sh
# RUSTC_WRAPPER for the -Zbuild-std builds of std.sh. Rust's own bootstrap compiles the panic_abort
# crate with -C panic=abort (so that crates built with panic = "abort" can link against it); a plain
# -Zbuild-std does not, so this adds it, like the rust-std from the Rust dist server has it.
# Arguments: the rustc to run, then its arguments.
rustc=$1
shift
prev=
for arg in "$@"; do
  if [ "$prev" = "--crate-name" ] && [ "$arg" = "panic_abort" ]; then
    exec "$rustc" "$@" -C panic=abort
  fi
  prev=$arg
done
exec "$rustc" "$@"
