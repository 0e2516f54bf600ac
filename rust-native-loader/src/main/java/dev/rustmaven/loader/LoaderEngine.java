package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.Platform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One load: tries the sources in their documented order and reports every rejection if none loads. */
final class LoaderEngine {

    private final Host host;
    private final Platform platform;
    private final LoadOptions options;
    private final FilePropertySource fileProperty;
    private final List<LibrarySource> searched;

    LoaderEngine(Host host, Platform platform, LoadOptions options) {
        this.host = host;
        this.platform = platform;
        this.options = options;
        Linker linker = new Linker(options.linker());
        this.fileProperty = new FilePropertySource(host, linker);
        this.searched = Arrays.asList(
                new PathPropertySource(host, linker),
                new ClassPathSource(host, platform, options, linker),
                new JavaLibraryPathSource(host, options, linker));
    }

    LoadedLibrary load(String name) {
        LoadReport report = new LoadReport(name, platform);
        // The file property names exactly one file: it is tried before any triple is worked out.
        LoadedLibrary result = fileProperty.load(name, report);
        if (result != null) {
            return verbose(result);
        }
        List<String> triples = triples(report);
        for (LibrarySource source : searched) {
            result = source.load(name, triples, report);
            if (result != null) {
                return verbose(result);
            }
        }
        throw report.error();
    }

    private LoadedLibrary verbose(LoadedLibrary result) {
        if (Boolean.parseBoolean(host.property(NativeLoader.PROPERTY_PREFIX + "verbose"))) {
            System.err.println("[rust-native-loader] loaded " + result + " on " + platform.describe());
        }
        return result;
    }

    /** The candidate triples, best first: from {@link LoadOptions}, else the property, else detected. */
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
}
