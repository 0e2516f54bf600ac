package dev.rustmaven.cargo;

import java.nio.file.Path;

/**
 * A test harness executable cargo built for the crate ({@code cargo test --no-run}).
 *
 * @param targetName the cargo target's name: the library's crate name, an integration test's or a binary's name
 * @param kind the cargo target's kind ({@code lib}, {@code test}, {@code bin}, ...)
 * @param file where cargo wrote it
 */
public record TestExecutable(String targetName, String kind, Path file) {}
