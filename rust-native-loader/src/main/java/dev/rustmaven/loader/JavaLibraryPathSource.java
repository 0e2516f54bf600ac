package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Host;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last resort: {@code lib<name>.so} in the directories of {@code java.library.path}, unless
 * {@link LoadOptions} or {@code -Ddev.rustmaven.loader.javaLibraryPath=false} turn it off. The
 * search ends at the first file found, whether it loads or not.
 */
final class JavaLibraryPathSource implements LibrarySource {

    private final Host host;
    private final LoadOptions options;
    private final Linker linker;

    JavaLibraryPathSource(Host host, LoadOptions options, Linker linker) {
        this.host = host;
        this.options = options;
        this.linker = linker;
    }

    @Override
    public LoadedLibrary load(String name, List<String> triples, LoadReport report) {
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
