package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One load: walks the sources in their documented order and records every rejection. */
final class LoaderEngine {

    private final Host host;
    private final Platform platform;
    private final LoadOptions options;
    private final Linker linker;
    private final LibrarySource classPath;

    LoaderEngine(Host host, Platform platform, LoadOptions options) {
        this.host = host;
        this.platform = platform;
        this.options = options;
        this.linker = new Linker(options.linker());
        this.classPath = new ClassPathSource(host, platform, options, linker);
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
            result = classPath.load(name, triples, report);
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
