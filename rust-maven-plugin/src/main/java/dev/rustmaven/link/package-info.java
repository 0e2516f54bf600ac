/**
 * The gcc-compatible linker front end that cargo runs as {@code CARGO_TARGET_<TRIPLE>_LINKER}: it expands
 * rustc's {@code @response} files, translates gcc-style linker arguments into {@code rust-lld -flavor gnu}
 * arguments, adds what a cross link needs (emulation, search directories, start files, dynamic linker)
 * and runs LLD.
 *
 * <p>Everything {@link dev.rustmaven.link.LinkerMain} runs at link time uses only JDK classes and this
 * package, because the launcher starts it with just the plugin jar on the class path, once per link.
 * {@link dev.rustmaven.link.LinkerConfigs}, {@link dev.rustmaven.link.LldLocator} and
 * {@link dev.rustmaven.link.LauncherWriter} run inside the plugin to prepare such a link.
 */
package dev.rustmaven.link;
