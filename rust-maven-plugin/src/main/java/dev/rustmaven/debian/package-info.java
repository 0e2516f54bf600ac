/**
 * Target roots from a Debian-format package archive: the headers and libraries of some packages for one
 * architecture (e.g. {@code libc6-dev} and {@code linux-libc-dev} for {@code armhf}), unpacked into one
 * directory that the host's clang compiles C against with {@code --sysroot}. Fetched, verified, cached and
 * locked as the {@code distribution} package does it for rust-std, with its {@code Downloader},
 * {@code SafeExtractor}, {@code InstallLock} and {@code CacheLayout}. Knows nothing of cargo or Maven.
 *
 * <h2>Use</h2>
 * {@link dev.rustmaven.debian.TargetRoots#provision(String, java.util.List)} is the entry point; it returns the
 * root directory. {@link dev.rustmaven.debian.TargetRoots#availablePackages(String, String, String)} lists
 * package names, for choosing among versioned ones ({@code libgcc-12-dev}); a request may also say
 * {@code libgcc-*-dev} for the highest such number. {@link dev.rustmaven.debian.InReleaseVerifier} with a
 * {@link dev.rustmaven.debian.Keyring} checks a signed index; {@link dev.rustmaven.debian.DebianVersion}
 * orders versions as dpkg does.
 *
 * <h2>Trust</h2>
 * Only {@code dists/<suite>/InRelease} is trusted directly: its OpenPGP signature must verify with a key of
 * the keyring. Its SHA-256 list vouches for the package index ({@code main/binary-<arch>/Packages.xz},
 * {@code .gz} or plain, the first the mirror has), whose size and SHA-256 are checked; the index vouches for
 * each {@code .deb}, whose size and SHA-256 are checked too. A {@code Valid-Until} in the past, or a Release
 * of another suite, is refused. Symbolic links to absolute paths inside the packages (Debian's {@code -dev}
 * packages have them) are rewritten to relative links inside the root; nothing is written outside it.
 *
 * <h2>Cache layout</h2>
 * <pre>
 * &lt;root&gt;/                                       the cache root of the distribution package
 *   target-roots/&lt;arch&gt;/&lt;key16&gt;/                 one root: usr/include/..., usr/lib/&lt;multiarch&gt;/..., lib/...
 *       .installed                              marker, written last: mirror, suite, codename, date,
 *                                               architecture, packages (name=version), sha256.* and filename.*
 *   target-roots/&lt;suite&gt;/&lt;arch&gt;/&lt;names16&gt;.properties   index: which root answers a request
 *   locks/target-roots_...lock                  cross-process install locks (kept)
 * </pre>
 * {@code <key16>} is the first 16 hex digits of the SHA-256 of the architecture and the sorted
 * {@code name=version=sha256} lines of the packages, so two requests that resolve to the same packages share
 * a root. {@code <names16>} is the same of the sorted requested names (patterns included). A build first
 * reads the index file: when it points at a root with its marker, that root is returned without any network
 * access, so rebuilds are fast and work offline. Deleting the index file makes the next online build resolve
 * the request again against the archive (picking up new package versions); deleting a root, or all of
 * {@code target-roots/}, is safe too. A root is unpacked in a hidden sibling {@code .<key16>.tmp-<random>/}
 * and renamed into place in one step; the downloaded {@code .deb}s are deleted once unpacked, since the root
 * itself is what is cached.
 */
package dev.rustmaven.debian;
