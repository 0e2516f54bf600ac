package dev.rustmaven.loader;

import dev.rustmaven.loader.cache.CacheRoots;
import dev.rustmaven.loader.cache.ChecksumMismatchException;
import dev.rustmaven.loader.cache.LibraryCache;
import dev.rustmaven.loader.cache.NoexecProbe;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** One load: walks the sources in their documented order and records every rejection. */
final class LoaderEngine {

    private final Host host;
    private final Platform platform;
    private final LoadOptions options;
    private final Linker linker;
    private final CompatibilityCheck compatibility;
    private final CacheRoots cacheRoots;
    private final NoexecProbe noexecProbe;

    LoaderEngine(Host host, Platform platform, LoadOptions options) {
        this.host = host;
        this.platform = platform;
        this.options = options;
        this.linker = new Linker(options.linker());
        this.compatibility = new CompatibilityCheck(platform);
        this.cacheRoots = new CacheRoots(host, platform.os());
        this.noexecProbe = new NoexecProbe(host, platform.os());
    }

    LoadedLibrary load(String name) {
        LoadReport report = new LoadReport(name, platform);
        LoadedLibrary result = fromFileProperty(name, report);
        if (result != null) {
            return verbose(result);
        }
        List<String> triples = triples(report);
        result = fromPathProperty(name, triples, report);
        if (result == null) {
            result = fromClassPath(name, triples, report);
        }
        if (result == null) {
            result = fromJavaLibraryPath(name, report);
        }
        if (result == null) {
            throw report.error();
        }
        return verbose(result);
    }

    private LoadedLibrary verbose(LoadedLibrary result) {
        if (Boolean.parseBoolean(host.property(NativeLoader.PROPERTY_PREFIX + "verbose"))) {
            System.err.println("[rust-native-loader] loaded " + result + " on " + platform.describe());
        }
        return result;
    }

    private List<String> triples(LoadReport report) {
        if (options.triples() != null) {
            report.candidates(options.triples(), "LoadOptions.triples");
            return options.triples();
        }
        String property = host.property(NativeLoader.PROPERTY_PREFIX + "triples");
        if (property != null && !property.trim().isEmpty()) {
            List<String> list = new ArrayList<>();
            for (String t : property.split(",")) {
                if (!t.trim().isEmpty()) {
                    list.add(t.trim());
                }
            }
            report.candidates(list, "system property " + NativeLoader.PROPERTY_PREFIX + "triples");
            return list;
        }
        List<String> detected = TargetTriples.candidates(platform);
        report.candidates(detected, "detected");
        return detected;
    }

    private LoadedLibrary fromFileProperty(String name, LoadReport report) {
        String key = NativeLoader.PROPERTY_PREFIX + "library." + name;
        String value = host.property(key);
        if (value == null) {
            return null;
        }
        Path file = Paths.get(value).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            report.rejected("system property " + key, value, "no such file; fix or remove the property");
            throw report.error();
        }
        String failure = linker.tryLoad(file);
        if (failure != null) {
            report.rejected("system property " + key, file.toString(), "load failed: " + failure);
            throw report.error();
        }
        return new LoadedLibrary(name, file, null, LoadedLibrary.Source.FILE_PROPERTY);
    }

    private LoadedLibrary fromPathProperty(String name, List<String> triples, LoadReport report) {
        String key = NativeLoader.PROPERTY_PREFIX + "path";
        String value = host.property(key);
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (String dir : value.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            List<Path> files = new ArrayList<>();
            List<String> fileTriples = new ArrayList<>();
            for (String triple : triples) {
                files.add(Paths.get(dir, triple, TargetTriples.libraryFileName(triple, name)));
                fileTriples.add(triple);
            }
            files.add(Paths.get(dir, System.mapLibraryName(name)));
            fileTriples.add(null);
            boolean any = false;
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i).toAbsolutePath();
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                any = true;
                String failure = linker.tryLoad(file);
                if (failure == null) {
                    return new LoadedLibrary(name, file, fileTriples.get(i), LoadedLibrary.Source.LIBRARY_PATH_PROPERTY);
                }
                report.rejected("system property " + key, file.toString(), "load failed: " + failure);
            }
            if (!any) {
                report.rejected("system property " + key, dir, "none of " + files + " exists");
            }
        }
        return null;
    }

    private LoadedLibrary fromClassPath(String name, List<String> triples, LoadReport report) {
        ResourceLookup resources = ResourceLookup.of(options.classLoader());
        for (String triple : triples) {
            String fileName = TargetTriples.libraryFileName(triple, name);
            String resource = NativeResources.libraryPath(triple, fileName);
            URL url = resources.find(resource);
            if (url == null) {
                report.rejected(triple, resource, "not on the class path of " + resources.describe());
                continue;
            }
            LoadedLibrary loaded = fromResource(name, triple, fileName, resource, url, resources, report);
            if (loaded != null) {
                return loaded;
            }
        }
        return null;
    }

    private LoadedLibrary fromResource(String name, String triple, String fileName, String resource, final URL url,
            ResourceLookup resources, LoadReport report) {
        Properties properties = new Properties();
        String propertiesResource = NativeResources.propertiesPath(triple, fileName);
        URL propertiesUrl = resources.find(propertiesResource);
        if (propertiesUrl != null) {
            try (InputStream in = propertiesUrl.openStream()) {
                properties.load(new java.io.InputStreamReader(in, NativeResources.PROPERTIES_CHARSET));
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
        if (!extractionEnabled()) {
            Path plain = ResourceLookup.plainFile(url);
            if (plain == null) {
                report.rejected(triple, url.toString(), "extraction is disabled (" + NativeLoader.PROPERTY_PREFIX
                        + "extract=false) and the resource is not a plain file");
                return null;
            }
            String failure = linker.tryLoad(plain);
            if (failure == null) {
                return new LoadedLibrary(name, plain, triple, LoadedLibrary.Source.CLASS_PATH);
            }
            report.rejected(triple, plain.toString(), "load failed: " + failure);
            return null;
        }
        LibraryCache.Content content = url::openStream;
        String sha256 = properties.getProperty(NativeResources.SHA256);
        if (sha256 == null || sha256.trim().isEmpty()) {
            try (InputStream in = content.open()) {
                sha256 = LibraryCache.sha256(in);
            } catch (IOException e) {
                report.rejected(triple, url.toString(), "unreadable: " + e.getMessage());
                return null;
            }
        }
        sha256 = sha256.trim().toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            report.rejected(triple, propertiesResource, "sha256 '" + sha256 + "' is not 64 hex digits");
            return null;
        }
        for (Path root : cacheRoots.inOrder(options.cacheDirectory(),
                host.property(NativeLoader.PROPERTY_PREFIX + "cacheDir"))) {
            String noexec = noexecProbe.reason(root);
            if (noexec != null) {
                report.rejected(triple, root.toString(), "cache directory skipped: " + noexec);
                continue;
            }
            LibraryCache.Entry entry;
            try {
                LibraryCache.prepareRoot(root);
                entry = LibraryCache.install(root, sha256, fileName, content);
            } catch (ChecksumMismatchException e) {
                report.rejected(triple, url.toString(), "sha256 mismatch: " + e.getMessage());
                return null;
            } catch (IOException | RuntimeException e) {
                report.rejected(triple, root.toString(), "cache directory unusable: " + e);
                continue;
            }
            String failure = linker.tryLoad(entry.file());
            if (failure == null) {
                return new LoadedLibrary(name, entry.file(), triple, LoadedLibrary.Source.CLASS_PATH);
            }
            if (failure.contains("failed to map segment") || failure.contains("Operation not permitted")) {
                report.rejected(triple, entry.file().toString(), "load failed, the directory looks noexec: " + failure);
                continue;
            }
            report.rejected(triple, entry.file().toString(), "load failed: " + failure);
            return null;
        }
        return null;
    }

    private boolean extractionEnabled() {
        if (options.extract() != null) {
            return options.extract();
        }
        return !"false".equalsIgnoreCase(host.property(NativeLoader.PROPERTY_PREFIX + "extract"));
    }

    private LoadedLibrary fromJavaLibraryPath(String name, LoadReport report) {
        Boolean enabled = options.javaLibraryPathFallback();
        if (enabled == null) {
            enabled = !"false".equalsIgnoreCase(host.property(NativeLoader.PROPERTY_PREFIX + "javaLibraryPath"));
        }
        if (!enabled) {
            report.note("java.library.path not tried (disabled)");
            return null;
        }
        String path = host.property("java.library.path");
        String mapped = System.mapLibraryName(name);
        List<String> dirs = path == null ? new ArrayList<String>() : Arrays.asList(path.split(File.pathSeparator));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path file = Paths.get(dir, mapped).toAbsolutePath();
            if (Files.isRegularFile(file)) {
                String failure = linker.tryLoad(file);
                if (failure == null) {
                    return new LoadedLibrary(name, file, null, LoadedLibrary.Source.JAVA_LIBRARY_PATH);
                }
                report.rejected("java.library.path", file.toString(), "load failed: " + failure);
                return null;
            }
        }
        report.rejected("java.library.path", String.join(File.pathSeparator, dirs), "no " + mapped + " there");
        return null;
    }
}
