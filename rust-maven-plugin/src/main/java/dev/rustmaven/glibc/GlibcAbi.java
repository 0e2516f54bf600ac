package dev.rustmaven.glibc;

import dev.rustmaven.fs.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dynamic ABI of one architecture's glibc (plus libgcc_s) as the plugin ships it: every library,
 * every exported symbol with every version it has had, its type and, for data, its size. Read from the
 * resource {@code dev/rustmaven/glibc/<abi>.abi}, written by {@code tools/glibc-abi/generate.sh}; the
 * format is described in {@code tools/glibc-abi/README.md}.
 *
 * @param abi the ABI name, {@link dev.rustmaven.triple.Target.Facts#glibcAbi()} ({@code arm}, {@code aarch64})
 * @param release the glibc release the data was taken from, the newest floor it can serve
 * @param statVer the {@code _STAT_VER} argument of the {@code __xstat} family before glibc 2.33
 * @param sources the packages the figures came from
 * @param libraries the libraries, in data file order
 * @param dataSha256 the SHA-256 of the data file text: part of every cache key built from it
 */
public record GlibcAbi(
        String abi,
        GlibcVersion release,
        int statVer,
        List<Source> sources,
        List<Library> libraries,
        String dataSha256) {

    /** Where the shipped data files live on the class path. */
    public static final String RESOURCE_DIRECTORY = "dev/rustmaven/glibc/";

    private static final int FORMAT = 1;
    private static final Map<String, GlibcAbi> LOADED = new ConcurrentHashMap<>();

    /** A package the data was read from. */
    public record Source(String suite, String packageName, String version, String sha256, String fetched) {}

    /**
     * One library.
     *
     * @param soname its {@code DT_SONAME}, also the stub's file name
     * @param origin the package and version it was read from
     * @param until the glibc release from which the library no longer has symbols of its own (2.34 for
     *     libpthread, libdl, librt, libutil), empty when it still has them
     * @param symbols its symbols, sorted by name
     */
    public record Library(String soname, String origin, Optional<GlibcVersion> until, List<Symbol> symbols) {

        public Library {
            symbols = List.copyOf(symbols);
        }

        /** Whether a program built for glibc {@code floor} links against this library. */
        public boolean existsAt(GlibcVersion floor) {
            return until.map(u -> floor.compareTo(u) < 0).orElse(true);
        }
    }

    /**
     * An exported symbol of one library.
     *
     * @param name the symbol name
     * @param type its type
     * @param entries every version it has had in this library, oldest first
     * @param removed the glibc release from which it has no default version (only old binaries can use it)
     */
    public record Symbol(String name, SymbolType type, List<Entry> entries, Optional<GlibcVersion> removed) {

        public Symbol {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One version of a symbol.
     *
     * @param version the version name
     * @param size the size in bytes for data and TLS, 0 for functions
     * @param since the glibc release from which this library has this version, when later than the
     *     version itself (symbols libc took over from libpthread in 2.34 keep their old versions)
     */
    public record Entry(SymbolVersion version, long size, Optional<GlibcVersion> since) {}

    public GlibcAbi {
        sources = List.copyOf(sources);
        libraries = List.copyOf(libraries);
    }

    /** The library with this soname. */
    public Optional<Library> library(String soname) {
        return libraries.stream().filter(l -> l.soname().equals(soname)).findFirst();
    }

    /**
     * The shipped data of {@code abi}, read once per class loader.
     *
     * @throws IllegalArgumentException when the plugin has no data for that ABI
     */
    public static GlibcAbi load(String abi) {
        Objects.requireNonNull(abi, "abi");
        return LOADED.computeIfAbsent(abi, GlibcAbi::readResource);
    }

    /** The ABI names the plugin ships data for, from the resource index the generator writes. */
    public static List<String> shipped() {
        String index = readText(RESOURCE_DIRECTORY + "abis");
        if (index == null) {
            throw new IllegalStateException("the glibc ABI index " + RESOURCE_DIRECTORY + "abis is missing");
        }
        return index.lines()
                .map(String::trim)
                .filter(s -> !s.isEmpty() && !s.startsWith("#"))
                .toList();
    }

    private static GlibcAbi readResource(String abi) {
        String name = RESOURCE_DIRECTORY + abi + ".abi";
        String text = abi.matches("[A-Za-z0-9_]+") ? readText(name) : null;
        if (text == null) {
            throw new IllegalArgumentException("the plugin has no glibc ABI data for '" + abi + "' (no resource "
                    + name + "); it has data for " + shipped()
                    + ". Add it with tools/glibc-abi/generate.sh, or build this target for musl");
        }
        return parse(text, name);
    }

    private static String readText(String resource) {
        try (InputStream in = GlibcAbi.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /**
     * Parses a data file.
     *
     * @param text the file's text
     * @param origin where it came from, for error messages
     * @throws IllegalArgumentException when the text is not a valid data file
     */
    public static GlibcAbi parse(String text, String origin) {
        return new Parser(text, origin).parse();
    }

    /** Reads the line-oriented format: header keywords, then one {@code [soname]} section per library. */
    private static final class Parser {
        /** Compiled once: a data file has thousands of lines, and String.split compiles its regex on each call. */
        private static final Pattern FIELDS = Pattern.compile("\\s+");

        private final String text;
        private final String origin;
        private int lineNumber;
        /** One instance per version name: a few hundred names are shared by thousands of entries. */
        private final Map<String, SymbolVersion> versions = new HashMap<>();

        private String abi;
        private GlibcVersion release;
        private Integer statVer;
        private Integer format;
        private final List<Source> sources = new ArrayList<>();
        private final List<String[]> libraryLines = new ArrayList<>();
        private final Map<String, List<Symbol>> symbols = new HashMap<>();

        Parser(String text, String origin) {
            this.text = text;
            this.origin = origin;
        }

        GlibcAbi parse() {
            List<Symbol> current = null;
            for (String raw : text.split("\n", -1)) {
                lineNumber++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    current = section(line);
                } else if (current != null) {
                    current.add(symbol(line));
                } else {
                    header(FIELDS.split(line));
                }
            }
            lineNumber = 0;
            if (format == null || abi == null || release == null || statVer == null) {
                throw error("the header needs 'format', 'abi', 'release' and 'stat-ver' lines");
            }
            List<Library> libraries = new ArrayList<>();
            for (String[] l : libraryLines) {
                Map<String, String> attrs = attributes(l, 2);
                String soname = l[1];
                List<Symbol> list = symbols.getOrDefault(soname, List.of());
                libraries.add(new Library(
                        soname,
                        attrs.getOrDefault("from", ""),
                        Optional.ofNullable(attrs.get("until")).map(GlibcVersion::parse),
                        list));
            }
            return new GlibcAbi(
                    abi, release, statVer, sources, libraries, Sha256.of(text.getBytes(StandardCharsets.UTF_8)));
        }

        private void header(String[] f) {
            switch (f[0]) {
                case "format" -> {
                    format = number(f, 1);
                    if (format != FORMAT) {
                        throw error("format " + format + " is not supported; this plugin reads format " + FORMAT);
                    }
                }
                case "abi" -> abi = field(f, 1);
                case "release" -> release = version(field(f, 1));
                case "stat-ver" -> statVer = number(f, 1);
                case "source" -> {
                    Map<String, String> attrs = attributes(f, 4);
                    sources.add(new Source(
                            field(f, 1),
                            field(f, 2),
                            field(f, 3),
                            attrs.getOrDefault("sha256", ""),
                            attrs.getOrDefault("fetched", "")));
                }
                case "library" -> {
                    field(f, 1);
                    libraryLines.add(f);
                }
                default -> throw error("unknown header keyword '" + f[0] + "'");
            }
        }

        private List<Symbol> section(String line) {
            if (!line.endsWith("]") || line.length() < 3) {
                throw error("a section line looks like [libc.so.6]");
            }
            String soname = line.substring(1, line.length() - 1);
            if (libraryLines.stream().noneMatch(l -> l[1].equals(soname))) {
                throw error("section [" + soname + "] has no 'library " + soname + "' header line");
            }
            List<Symbol> list = new ArrayList<>();
            if (symbols.putIfAbsent(soname, list) != null) {
                throw error("section [" + soname + "] appears twice");
            }
            return list;
        }

        /** {@code name type version[:size][+since]... [removed=release]}. */
        private Symbol symbol(String line) {
            String[] f = FIELDS.split(line);
            if (f.length < 3) {
                throw error("a symbol line is '<name> <F|O|T> <symbol version>[:<size>][+<since>]...'");
            }
            SymbolType type;
            try {
                type = SymbolType.ofCode(f[1]);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            List<Entry> entries = new ArrayList<>();
            Optional<GlibcVersion> removed = Optional.empty();
            for (int i = 2; i < f.length; i++) {
                if (f[i].startsWith("removed=")) {
                    removed = Optional.of(version(f[i].substring("removed=".length())));
                    continue;
                }
                String item = f[i];
                Optional<GlibcVersion> since = Optional.empty();
                int plus = item.indexOf('+');
                if (plus >= 0) {
                    since = Optional.of(version(item.substring(plus + 1)));
                    item = item.substring(0, plus);
                }
                long size = 0;
                int colon = item.indexOf(':');
                if (colon >= 0) {
                    try {
                        size = Long.parseLong(item.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw error("'" + f[i] + "' has no valid size");
                    }
                    item = item.substring(0, colon);
                }
                entries.add(new Entry(versions.computeIfAbsent(item, SymbolVersion::new), size, since));
            }
            if (entries.isEmpty()) {
                throw error("symbol " + f[0] + " has no version");
            }
            return new Symbol(f[0], type, entries, removed);
        }

        private Map<String, String> attributes(String[] f, int from) {
            Map<String, String> attrs = new HashMap<>();
            for (int i = from; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) {
                    throw error("'" + f[i] + "' is not a key=value attribute");
                }
                attrs.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            return attrs;
        }

        private String field(String[] f, int i) {
            if (f.length <= i) {
                throw error("'" + f[0] + "' needs more fields");
            }
            return f[i];
        }

        private int number(String[] f, int i) {
            try {
                return Integer.parseInt(field(f, i));
            } catch (NumberFormatException e) {
                throw error("'" + f[i] + "' is not a number");
            }
        }

        private GlibcVersion version(String s) {
            try {
                return GlibcVersion.parse(s);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(
                    origin + (lineNumber > 0 ? " line " + lineNumber : "") + ": " + message);
        }
    }
}
