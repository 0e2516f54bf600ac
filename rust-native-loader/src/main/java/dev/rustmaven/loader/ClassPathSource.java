package dev.rustmaven.loader;

import dev.rustmaven.loader.cache.LibraryCache;
import dev.rustmaven.loader.cache.StartRecord;
import dev.rustmaven.loader.platform.ByteSource;
import dev.rustmaven.loader.platform.ElfFile;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@code META-INF/native/<triple>/<file>} on the class path, one candidate triple after the other:
 * a library whose properties or ELF headers rule it out is skipped, the others are loaded in place
 * (when extraction is disabled) or from the cache; a glibc library without a recorded floor has
 * its ELF version needs checked just before it is loaded.
 */
final class ClassPathSource implements LibrarySource {

    private final Host host;
    private final LoadOptions options;
    private final Linker linker;
    private final CompatibilityCheck compatibility;
    private final Extractor extractor;

    ClassPathSource(Host host, Platform platform, LoadOptions options, Linker linker) {
        this.host = host;
        this.options = options;
        this.linker = linker;
        this.compatibility = new CompatibilityCheck(platform);
        this.extractor = new Extractor(host, platform, options, linker);
    }

    @Override
    public LoadedLibrary load(String name, List<String> triples, LoadReport report) {
        ResourceLookup resources = ResourceLookup.of(options.classLoader());
        for (String triple : triples) {
            String fileName = TargetTriples.libraryFileName(triple, name);
            String resource = NativeResources.libraryPath(triple, fileName);
            URL url = resources.find(resource);
            if (url == null) {
                report.rejected(triple, resource, "not on the class path of " + resources.describe());
                continue;
            }
            Path loaded = load(triple, fileName, resource, url, resources, report);
            if (loaded != null) {
                return new LoadedLibrary(name, loaded, triple, LoadedLibrary.Source.CLASS_PATH);
            }
        }
        return null;
    }

    /** The file loaded for one triple's resource, or null after recording why there is none. */
    private Path load(
            String triple, String fileName, String resource, URL url, ResourceLookup resources, LoadReport report) {
        Properties properties = new Properties();
        String propertiesResource = NativeResources.propertiesPath(triple, fileName);
        URL propertiesUrl = resources.find(propertiesResource);
        if (propertiesUrl != null) {
            try (InputStream in = propertiesUrl.openStream()) {
                // Properties.load(InputStream) reads ISO-8859-1, the properties' charset
                // (NativeResources.PROPERTIES_CHARSET), without a Reader and decoder to load on every start.
                properties.load(in);
            } catch (IOException e) {
                report.rejected(triple, propertiesResource, "unreadable: " + e.getMessage());
                return null;
            }
        }
        String why = compatibility.incompatibility(triple, properties);
        if (why != null) {
            report.rejected(triple, resource, why);
            return null;
        }
        String where = LibraryFileCheck.location(resource, url);
        try {
            why = LibraryFileCheck.refusal(triple, url);
        } catch (IOException e) {
            why = "unreadable: " + e.getMessage();
        }
        if (why != null) {
            report.rejected(triple, where, why);
            return null;
        }
        report.candidate(where);
        Function<Path, String> beforeLoad = readsGlibcNeeds(triple, properties) ? glibcNeedsCheck() : null;
        if (!extractionEnabled()) {
            return loadInPlace(triple, url, beforeLoad, report);
        }
        String sha256 = sha256(triple, url, properties, propertiesResource, report);
        if (sha256 == null) {
            return null;
        }
        return extractor.extractAndLoad(triple, fileName, url, sha256, size(properties), beforeLoad, report);
    }

    /** A glibc library without a recorded floor has its ELF version needs read instead. */
    private static boolean readsGlibcNeeds(String triple, Properties properties) {
        String floor = properties.getProperty(NativeResources.GLIBC_FLOOR);
        return triple.contains("-linux-gnu") && (floor == null || floor.trim().isEmpty());
    }

    /** {@link #glibcNeeds} as a function: an anonymous class, no method reference on the start path (see Linker). */
    private Function<Path, String> glibcNeedsCheck() {
        return new Function<Path, String>() {
            @Override
            public String apply(Path file) {
                return glibcNeeds(file);
            }
        };
    }

    /** Why the file's glibc version needs rule it out here, or null (also when they cannot be read). */
    private String glibcNeeds(Path file) {
        try (ByteSource source = ByteSource.of(file)) {
            return compatibility.glibcNeeds(
                    LibraryFileCheck.newestGlibcNeed(ElfFile.read(source).versionNeeds()));
        } catch (IOException e) {
            // the headers passed before; whatever is wrong now, the JVM's own load error says it
            return null;
        }
    }

    private boolean extractionEnabled() {
        if (options.extract() != null) {
            return options.extract();
        }
        return !"false".equalsIgnoreCase(host.property(NativeLoader.PROPERTY_PREFIX + "extract"));
    }

    /** Without extraction only a resource that is a plain file (an exploded class path) can be loaded. */
    private Path loadInPlace(String triple, URL url, Function<Path, String> beforeLoad, LoadReport report) {
        Path plain = ResourceLookup.plainFile(url);
        if (plain == null) {
            report.rejected(
                    triple,
                    url.toString(),
                    "extraction is disabled (" + NativeLoader.PROPERTY_PREFIX
                            + "extract=false) and the resource is not a plain file");
            return null;
        }
        String refused = beforeLoad == null ? null : beforeLoad.apply(plain);
        if (refused != null) {
            report.rejected(triple, plain.toString(), refused);
            return null;
        }
        String failure = linker.tryLoad(plain);
        if (failure == null) {
            return plain;
        }
        report.rejected(triple, plain.toString(), "load failed: " + failure);
        return null;
    }

    /**
     * The library's sha256, which names its cache directory: from its properties, else computed from
     * the resource; null after recording why there is none.
     */
    private static String sha256(
            String triple, URL url, Properties properties, String propertiesResource, LoadReport report) {
        String sha256 = properties.getProperty(NativeResources.SHA256);
        if (sha256 == null || sha256.trim().isEmpty()) {
            try (InputStream in = url.openStream()) {
                sha256 = LibraryCache.sha256(in);
            } catch (IOException e) {
                report.rejected(triple, url.toString(), "unreadable: " + e.getMessage());
                return null;
            }
        }
        sha256 = sha256.trim().toLowerCase(Locale.ROOT);
        if (!StartRecord.isSha256(sha256)) {
            report.rejected(triple, propertiesResource, "sha256 '" + sha256 + "' is not 64 hex digits");
            return null;
        }
        return sha256;
    }

    /** The size the properties give, or -1 if they give none or no number: then the cached copy is hashed. */
    private static long size(Properties properties) {
        String size = properties.getProperty(NativeResources.SIZE);
        if (size == null) {
            return -1;
        }
        try {
            return Long.parseLong(size.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
