/**
 * Fetches Rust components (rust-std for a target, the host's rustc for its rust-lld) from the Rust
 * distribution server or a mirror, verifies, caches and installs them. Knows nothing of cargo or Maven.
 *
 * <h2>Use</h2>
 * {@link dev.rustmaven.distribution.ComponentProvisioner#ensure(CompilerRelease, String, String, PayloadFilter)} is the
 * entry point; it returns the directory holding the component's payload. The pieces it uses:
 * {@link dev.rustmaven.distribution.DistServer} (server choice, manifest URLs, mirror rewriting),
 * {@link dev.rustmaven.distribution.DistManifest} (the channel manifest), {@link dev.rustmaven.distribution.Downloader}
 * (proxy, timeouts, retries, progress, sha256), {@link dev.rustmaven.distribution.SafeExtractor} (tar extraction that
 * refuses entries escaping the destination) and {@link dev.rustmaven.distribution.CacheLayout}.
 * {@link dev.rustmaven.distribution.ToolchainInstaller} installs a whole host toolchain (rustc, cargo, the host's
 * rust-std) named by a {@link dev.rustmaven.distribution.ToolchainSpec}, laid out as rustup lays one out.
 * {@link dev.rustmaven.distribution.DebArchive} reads the file tree of a Debian package for the same extractor.
 *
 * <h2>Which manifest</h2>
 * A stable compiler's manifest is {@code <server>/dist/channel-rust-<release>.toml}; beta and nightly
 * builds are found in {@code <server>/dist/<date>/channel-rust-<channel>.toml}, where the date is the
 * commit date or, usually for nightlies, the day after it. A manifest is only used when its
 * {@code pkg.rustc.version} names the compiler's commit, because a standard library only works with the
 * exact compiler build it came from. A manifest's {@code .sha256}, when published, is checked; every
 * tarball's sha256 is checked always.
 *
 * <h2>Cache layout</h2>
 * <pre>
 * &lt;root&gt;/                                  default ${XDG_CACHE_HOME:-~/.cache}/rust-maven-plugin
 *   rust-std/&lt;release&gt;-&lt;hash9&gt;/&lt;triple&gt;/        one installed component: its payload
 *       lib/rustlib/&lt;triple&gt;/lib/*.rlib       (musl targets also lib/rustlib/&lt;triple&gt;/lib/self-contained/)
 *       .installed                          marker: component, target, compiler, url, sha256, filter
 *   rustc/&lt;release&gt;-&lt;hash9&gt;/&lt;host&gt;-lld/      the rustc component filtered to rust-lld + libLLVM
 *       lib/rustlib/&lt;host&gt;/bin/rust-lld, lib/libLLVM*.so*, .installed
 *   toolchains/&lt;release&gt;-&lt;hash9&gt;-&lt;host&gt;/    a whole host toolchain (rust.version)
 *       bin/rustc, bin/cargo, lib/rustlib/components, lib/rustlib/manifest-*, .installed
 *   locks/&lt;component&gt;_&lt;release&gt;-&lt;hash9&gt;_&lt;dir&gt;.lock   cross-process install locks (kept)
 * </pre>
 * {@code <hash9>} is the first nine hex digits of the compiler's commit hash. An install is unpacked into a
 * hidden sibling {@code .<dir>.tmp-<random>/}, gets its marker, and is renamed into place in one step; a
 * directory without a marker is incomplete and is replaced by the next install. Deleting any component
 * directory (or the whole root) is safe: it is fetched again when next needed, unless offline.
 *
 * <h2>Limits and refusals</h2>
 * Every tarball URL of a manifest must lie under the configured server once the official prefix is swapped
 * for it ({@link dev.rustmaven.distribution.DistServer#rewrite(String)}): a third host, plain {@code http:} under
 * {@code https:}, a {@code file:} URL from a remote server or a path out of the root is refused.
 * {@link dev.rustmaven.distribution.SafeExtractor} refuses, besides escapes, device files, FIFOs, sparse files,
 * names with NUL, backslash or control characters, a name twice, archives cut short or with lying sizes, and
 * archives past {@link dev.rustmaven.distribution.SafeExtractor.Limits#DEFAULT}: 100,000 entries, 4 GiB of data,
 * names 64 segments deep or 1,024 characters long, 1 MiB of headers per entry (the rustc component of Rust
 * 1.95.0, the largest fetched, unpacks to 402 MB in under 100 entries, 8 segments deep). Each refusal is a
 * {@link dev.rustmaven.distribution.DistException} (MALFORMED) naming the file and the entry or URL.
 *
 * <h2>Hostile servers and failing disks</h2>
 * {@link dev.rustmaven.distribution.Downloader} follows at most five redirects, only within the host of the URL
 * asked for and never from {@code https:} to {@code http:}; reads at most 16 MiB for a manifest or checksum and
 * 4 GiB for a tarball, refusing a larger Content-Length before the body and a body longer than its Content-Length;
 * and gives one file an hour, retries included ({@link dev.rustmaven.distribution.DownloadSettings}). A full disk
 * or an unwritable cache is an IO error naming the directory (with the size needed and the space free, where
 * known) and is never retried; what was half written is removed.
 */
package dev.rustmaven.distribution;
