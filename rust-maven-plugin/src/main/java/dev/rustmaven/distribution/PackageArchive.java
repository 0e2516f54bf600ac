package dev.rustmaven.distribution;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One downloadable tarball of a package for one target, as a manifest lists it.
 *
 * @param url         the URL exactly as the manifest writes it (before {@link DistServer#rewrite(String)})
 * @param sha256      the expected sha256 of the tarball, lower-case hex
 * @param compression how the tarball is compressed
 */
public record PackageArchive(String url, String sha256, Compression compression) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PackageArchive {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(compression, "compression");
        sha256 = sha256 == null ? "" : sha256.trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Not a sha256 digest for " + url + ": '" + sha256 + "'");
        }
    }

    /** The last path segment of the URL, e.g. {@code rust-std-1.85.0-aarch64-unknown-linux-gnu.tar.xz}. */
    public String fileName() {
        String path = url.replaceFirst("[?#].*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
