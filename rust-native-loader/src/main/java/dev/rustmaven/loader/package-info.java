/**
 * Loads a native library built by rust-maven-plugin from {@code META-INF/native/<triple>/} on the
 * class path, picking the Rust target triple that fits the running JVM.
 */
package dev.rustmaven.loader;
