package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Host;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories of {@code -Ddev.rustmaven.loader.path}: in each, {@code <dir>/<triple>/<file>} for
 * each candidate triple (an unpacked {@code META-INF/native}), then {@code <dir>/lib<name>.so}.
 */
final class PathPropertySource implements LibrarySource {

    private final Host host;
    private final Linker linker;

    PathPropertySource(Host host, Linker linker) {
        this.host = host;
        this.linker = linker;
    }

    @Override
    public LoadedLibrary load(String name, List<String> triples, LoadReport report) {
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
            // The plain file name last, for a directory that holds one build only: its triple is unknown.
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
                    return new LoadedLibrary(
                            name, file, fileTriples.get(i), LoadedLibrary.Source.LIBRARY_PATH_PROPERTY);
                }
                report.rejected("system property " + key, file.toString(), "load failed: " + failure);
            }
            if (!any) {
                report.rejected("system property " + key, dir, "none of " + files + " exists");
            }
        }
        return null;
    }
}
