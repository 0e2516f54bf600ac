package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The exact file named by {@code -Ddev.rustmaven.loader.library.<name>}. An explicit choice is not
 * second-guessed: if that file is missing or fails to load, the load fails at once.
 */
final class FilePropertySource {

    private final Host host;
    private final Linker linker;

    FilePropertySource(Host host, Linker linker) {
        this.host = host;
        this.linker = linker;
    }

    /**
     * The library from the named file, or null if no file is named.
     *
     * @throws UnsatisfiedLinkError the report's error, if the named file is missing or fails to load
     */
    LoadedLibrary load(String name, LoadReport report) {
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
}
