/**
 * Cargo: the {@code Cargo.toml} model (read with tomlj), the {@code cargo build} invocation for one target,
 * and the outputs collected from cargo's JSON messages.
 */
package dev.rustmaven.cargo;
