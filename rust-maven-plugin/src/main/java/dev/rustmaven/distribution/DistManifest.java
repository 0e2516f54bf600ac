package dev.rustmaven.distribution;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A parsed channel manifest ({@code channel-rust-*.toml}, {@code manifest-version = "2"}): which packages exist
 * for which targets, and where their tarballs are.
 */
public final class DistManifest {

    private static final String SUPPORTED_VERSION = "2";

    private final URI source;
    private final TomlParseResult toml;

    private DistManifest(URI source, TomlParseResult toml) {
        this.source = source;
        this.toml = toml;
    }

    /**
     * Parses a manifest's text.
     *
     * @param source where it came from, for messages
     * @throws DistException (MALFORMED) when it is not TOML or not a version 2 manifest
     */
    public static DistManifest parse(String text, URI source) throws DistException {
        Objects.requireNonNull(source, "source");
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + source
                            + " is not valid TOML: " + toml.errors().get(0) + ". Check that the dist server is a Rust"
                            + " distribution server or a faithful mirror of one.");
        }
        String version = toml.isString(List.of("manifest-version")) ? toml.getString("manifest-version") : null;
        if (!SUPPORTED_VERSION.equals(version)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + source
                            + " has manifest-version " + (version == null ? "(none)" : "'" + version + "'")
                            + "; only version " + SUPPORTED_VERSION + " is understood.");
        }
        return new DistManifest(source, toml);
    }

    public URI source() {
        return source;
    }

    /** The manifest's {@code date}, e.g. {@code 2025-02-20}; empty when absent. */
    public String date() {
        return toml.isString(List.of("date")) ? toml.getString("date") : "";
    }

    /** A package's {@code version}, e.g. {@code 1.85.0 (4d91de4e4 2025-02-17)} for {@code rustc}. */
    public Optional<String> version(String pkg) {
        List<String> path = List.of("pkg", pkg, "version");
        return toml.isString(path) ? Optional.of(toml.getString(path)) : Optional.empty();
    }

    /** The targets listed for a package, sorted; with {@code availableOnly}, only those that can be fetched. */
    public List<String> targets(String pkg, boolean availableOnly) {
        TomlTable targets = toml.getTableOrEmpty(List.of("pkg", pkg, "target"));
        TreeSet<String> names = new TreeSet<>();
        for (String triple : targets.keySet()) {
            if (!availableOnly || isAvailable(targets.getTable(List.of(triple)))) {
                names.add(triple);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The tarballs of {@code pkg} for {@code triple}, best first: xz, then gz.
     *
     * @throws DistException (TARGET_UNAVAILABLE) when the target is missing from the manifest or marked
     *                       unavailable, (MALFORMED) when an available target has no usable tarball
     */
    public List<PackageArchive> archives(String pkg, String triple) throws DistException {
        if (!toml.isTable(List.of("pkg", pkg))) {
            throw new DistException(
                    DistException.Reason.TARGET_UNAVAILABLE,
                    "The Rust dist manifest " + source + " has no package '" + pkg
                            + "'. Check the component name or use another toolchain.");
        }
        TomlTable entry = toml.isTable(List.of("pkg", pkg, "target", triple))
                ? toml.getTable(List.of("pkg", pkg, "target", triple))
                : null;
        if (entry == null) {
            throw new DistException(
                    DistException.Reason.TARGET_UNAVAILABLE,
                    "Rust " + releaseName() + " does not"
                            + " know the target '" + triple + "': it is not listed for " + pkg + " in " + source
                            + ". Check the triple's spelling, or choose a toolchain that supports this target."
                            + availableHint(pkg, triple));
        }
        if (!isAvailable(entry)) {
            throw new DistException(
                    DistException.Reason.TARGET_UNAVAILABLE,
                    "The Rust project did not publish "
                            + pkg + " for target '" + triple + "' in Rust " + releaseName() + " (marked unavailable in "
                            + source + "). Choose another target, or another toolchain (e.g. a newer release or an"
                            + " earlier nightly) that has it." + availableHint(pkg, triple));
        }
        List<PackageArchive> archives = new ArrayList<>();
        addIfPresent(archives, entry, "xz_url", "xz_hash", Compression.XZ);
        addIfPresent(archives, entry, "url", "hash", Compression.GZ);
        if (archives.isEmpty()) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + source + " marks " + pkg + " for '" + triple
                            + "' available but gives no .tar.xz or .tar.gz URL with a hash.");
        }
        return List.copyOf(archives);
    }

    private void addIfPresent(
            List<PackageArchive> out, TomlTable entry, String urlKey, String hashKey, Compression compression)
            throws DistException {
        if (!entry.isString(List.of(urlKey)) || !entry.isString(List.of(hashKey))) {
            return;
        }
        String url = entry.getString(List.of(urlKey));
        String hash = entry.getString(List.of(hashKey));
        if (url.isBlank()) {
            return;
        }
        try {
            out.add(new PackageArchive(url, hash, compression));
        } catch (IllegalArgumentException e) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + source + " has a bad " + hashKey + ": " + e.getMessage(),
                    e);
        }
    }

    private static boolean isAvailable(TomlTable target) {
        // Only an explicit false means absent; an entry without URLs is reported as malformed by the caller.
        return !target.isBoolean(List.of("available")) || target.getBoolean(List.of("available"));
    }

    private String releaseName() {
        return version("rustc").or(() -> version("rust")).orElse("(unknown version)");
    }

    /** Names the available targets of the same architecture, the likely alternatives; the list is long. */
    private String availableHint(String pkg, String triple) {
        String arch = triple.contains("-") ? triple.substring(0, triple.indexOf('-') + 1) : triple;
        List<String> sameArch =
                targets(pkg, true).stream().filter(t -> t.startsWith(arch)).toList();
        if (sameArch.isEmpty()) {
            return "";
        }
        return " Available " + arch + "* targets: " + sameArch.stream().collect(Collectors.joining(", ")) + ".";
    }
}
