package dev.rustmaven.distribution;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A parsed channel manifest ({@code channel-rust-*.toml}, {@code manifest-version = "2"}): which packages exist
 * for which targets, and where their tarballs are.
 *
 * <p>A real manifest is about 1 MB with thousands of tables, and parsing all of it with tomlj takes seconds. So
 * {@link #parse} first finds where each table lies ({@link TomlSections}) and parses only the tables a question
 * needs, with {@link PlainToml} when they are plain TOML (as a manifest's are; much cheaper than tomlj in the fresh
 * JVM of a build) and with tomlj otherwise: the top-level keys and the packages' own tables at once, a package's target table when its
 * archives are asked for. A document the section pass does not fully understand is parsed whole, as is one in which
 * tomlj finds an error, so that the error is reported as before. What it no longer catches are the errors the pass
 * does not look for (a malformed date or number, a key given twice) in tables the plugin never reads; and an error in
 * a table that is read later (e.g. a target's table defined both by dotted keys and by a header) is reported, with
 * the whole parse's message naming the file, when that table is read rather than when the manifest is.
 */
public final class DistManifest {

    private static final String SUPPORTED_VERSION = "2";

    private final URI source;
    private final String text;
    /** Null when the whole document was parsed; then {@link #whole} answers every question. */
    private final TomlSections sections;
    /** Whether selected sections are read with {@link PlainToml} when they are plain, as they are in practice. */
    private final boolean plain;

    private final Map<List<String>, TomlTable> views = new HashMap<>();
    private TomlParseResult whole;
    /** The top-level keys and every {@code [pkg.<name>]} table: all that {@link #date} and {@link #version} read. */
    private final TomlTable head;

    private DistManifest(URI source, String text, TomlSections sections, boolean plain) throws DistException {
        this.source = source;
        this.text = text;
        this.sections = sections;
        this.plain = plain;
        this.head = sections == null
                ? whole()
                : parseSelected(TomlSections.around(List.of("manifest-version"))
                        .or(TomlSections.around(List.of("date")))
                        .or(DistManifest::isPackageHead));
    }

    /**
     * Parses a manifest's text.
     *
     * @param source where it came from, for messages
     * @throws DistException (MALFORMED) when it is not TOML or not a version 2 manifest
     */
    public static DistManifest parse(String text, URI source) throws DistException {
        Objects.requireNonNull(source, "source");
        DistManifest manifest =
                new DistManifest(source, text, TomlSections.scan(text).orElse(null), true);
        manifest.checkVersion();
        return manifest;
    }

    /** Parses with tomlj the sections asked for, plain or not, as {@link #parse} did before {@link PlainToml}. */
    static DistManifest parseSectionsWithTomlj(String text, URI source) throws DistException {
        Objects.requireNonNull(source, "source");
        DistManifest manifest =
                new DistManifest(source, text, TomlSections.scan(text).orElse(null), false);
        manifest.checkVersion();
        return manifest;
    }

    /** Parses the whole text with tomlj at once, as every read did before the sections were found first. */
    static DistManifest parseWhole(String text, URI source) throws DistException {
        Objects.requireNonNull(source, "source");
        DistManifest manifest = new DistManifest(source, text, null, false);
        manifest.checkVersion();
        return manifest;
    }

    private void checkVersion() throws DistException {
        String version =
                head.isString(List.of("manifest-version")) ? head.getString(List.of("manifest-version")) : null;
        if (!SUPPORTED_VERSION.equals(version)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + source
                            + " has manifest-version " + (version == null ? "(none)" : "'" + version + "'")
                            + "; only version " + SUPPORTED_VERSION + " is understood.");
        }
    }

    /**
     * Whether a table holds or may hold a package's {@code version}: {@code [pkg]}, {@code [pkg.<name>]}, or a
     * table under {@code pkg.<name>.version} (invalid in a manifest, but then tomlj says so).
     */
    private static boolean isPackageHead(TomlSections.Section header) {
        return header.partIs(0, "pkg") && (!header.hasPart(2) || header.partIs(2, "version"));
    }

    private synchronized TomlParseResult whole() throws DistException {
        if (whole == null) {
            TomlParseResult toml = Toml.parse(text);
            if (toml.hasErrors()) {
                throw new DistException(
                        DistException.Reason.MALFORMED,
                        "The Rust dist manifest " + source
                                + " is not valid TOML: " + toml.errors().get(0) + ". Check that the dist server is a"
                                + " Rust distribution server or a faithful mirror of one.");
            }
            whole = toml;
        }
        return whole;
    }

    /**
     * The tables at and below {@code path}, parsed from the sections that can define them; answers about those
     * paths are the same as from the whole document.
     */
    private synchronized TomlTable view(List<String> path) throws DistException {
        if (sections == null) {
            return whole();
        }
        TomlTable known = views.get(path);
        if (known == null) {
            known = parseSelected(TomlSections.around(path));
            views.put(path, known);
        }
        return known;
    }

    /**
     * Reads the selected sections, with {@link PlainToml} when they are plain TOML, else with tomlj; on any error,
     * parses the whole text, so that the error reads as it always did.
     */
    private TomlTable parseSelected(Predicate<TomlSections.Section> keep) throws DistException {
        String selected = sections.select(keep);
        Optional<TomlTable> read = plain ? PlainToml.read(selected) : Optional.empty();
        if (read.isPresent()) {
            return read.get();
        }
        TomlParseResult toml = Toml.parse(selected);
        return toml.hasErrors() ? whole() : toml;
    }

    public URI source() {
        return source;
    }

    /** The manifest's {@code date}, e.g. {@code 2025-02-20}; empty when absent. */
    public String date() {
        return head.isString(List.of("date")) ? head.getString(List.of("date")) : "";
    }

    /** A package's {@code version}, e.g. {@code 1.85.0 (4d91de4e4 2025-02-17)} for {@code rustc}. */
    public Optional<String> version(String pkg) {
        List<String> path = List.of("pkg", pkg, "version");
        return head.isString(path) ? Optional.of(head.getString(path)) : Optional.empty();
    }

    /**
     * The targets listed for a package, sorted; with {@code availableOnly}, only those that can be fetched.
     *
     * @throws DistException (MALFORMED) when the package's tables are not valid TOML, or its {@code target} is not
     *                       a table
     */
    public List<String> targets(String pkg, boolean availableOnly) throws DistException {
        List<String> path = List.of("pkg", pkg, "target");
        TomlTable view = view(path);
        if (view.contains(path) && !view.isTable(path)) {
            throw new DistException(
                    DistException.Reason.MALFORMED,
                    "The Rust dist manifest " + source + " has a pkg." + pkg + ".target that is not a table. Check"
                            + " that the dist server is a Rust distribution server or a faithful mirror of one.");
        }
        TomlTable targets = view.getTableOrEmpty(path);
        TreeSet<String> names = new TreeSet<>();
        for (String triple : targets.keySet()) {
            List<String> key = List.of(triple);
            if (targets.isTable(key) && (!availableOnly || isAvailable(targets.getTable(key)))) {
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
        List<String> pkgPath = List.of("pkg", pkg);
        List<String> entryPath = List.of("pkg", pkg, "target", triple);
        TomlTable near = view(entryPath);
        boolean listed = near.isTable(entryPath);
        // Whether the package exists at all is only in question when the target is not listed; then the view of
        // the whole package answers it, and the hint below needs it anyway.
        if (!(listed ? near : view(pkgPath)).isTable(pkgPath)) {
            throw new DistException(
                    DistException.Reason.TARGET_UNAVAILABLE,
                    "The Rust dist manifest " + source + " has no package '" + pkg
                            + "'. Check the component name or use another toolchain.");
        }
        if (!listed) {
            throw new DistException(
                    DistException.Reason.TARGET_UNAVAILABLE,
                    "Rust " + releaseName() + " does not"
                            + " know the target '" + triple + "': it is not listed for " + pkg + " in " + source
                            + ". Check the triple's spelling, or choose a toolchain that supports this target."
                            + availableHint(pkg, triple));
        }
        TomlTable entry = near.getTable(entryPath);
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
    private String availableHint(String pkg, String triple) throws DistException {
        String arch = triple.contains("-") ? triple.substring(0, triple.indexOf('-') + 1) : triple;
        List<String> sameArch =
                targets(pkg, true).stream().filter(t -> t.startsWith(arch)).toList();
        if (sameArch.isEmpty()) {
            return "";
        }
        return " Available " + arch + "* targets: " + sameArch.stream().collect(Collectors.joining(", ")) + ".";
    }
}
