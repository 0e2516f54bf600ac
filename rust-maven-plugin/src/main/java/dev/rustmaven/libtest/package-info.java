/**
 * Rust test results: reading the standard output of a libtest test binary ({@code test <name> ... ok}, the
 * {@code failures:} section, the {@code test result:} line) and writing Surefire-compatible XML reports.
 */
package dev.rustmaven.libtest;
