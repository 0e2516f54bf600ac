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
        LoadedLibrary result;
        try {
            result = fileProperty.load(name, report);
        } catch (UnsatisfiedLinkError e) {
            throw explainFailure(e);
        }
        if (result != null) {
            return loaded(result, report);
        }
        List<String> triples = triples(report);
        for (LibrarySource source : searched) {
            result = source.load(name, triples, report);
            if (result != null) {
                return loaded(result, report);
            }
        }
        throw explainFailure(report.error());
    }

    private LoadedLibrary loaded(LoadedLibrary result, LoadReport report) {
        LoadedLibrary explained = result.explained(report.explanation(result));
        if (explain()) {
            System.err.println("[rust-native-loader] " + explained.explanation());
        } else if (Boolean.parseBoolean(host.property(NativeLoader.PROPERTY_PREFIX + "verbose"))) {
            System.err.println("[rust-native-loader] loaded " + result + " on " + platform.describe());
        }
        return explained;
    }

    /** Prints the failure in explain mode too: a static initializer's error is easily swallowed. */
    private UnsatisfiedLinkError explainFailure(UnsatisfiedLinkError e) {
        if (explain()) {
            System.err.println("[rust-native-loader] " + e.getMessage());
        }
        return e;
    }

    private boolean explain() {
        if (options.explain() != null) {
            return options.explain();
        }
        return Boolean.parseBoolean(host.property(NativeLoader.PROPERTY_PREFIX + "explain"));
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
