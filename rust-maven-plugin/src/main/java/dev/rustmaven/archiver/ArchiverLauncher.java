package dev.rustmaven.archiver;

import dev.rustmaven.link.LauncherWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The launcher build scripts run as {@code ar} ({@code AR_<triple>} for the {@code cc} crate): one
 * {@code rust-maven-ar} ({@code rust-maven-ar.cmd} on Windows) per directory, for every target, since the
 * archive format and its index do not depend on the target. It starts {@link ArchiverMain} with the JVM flags
 * for a fast start.
 *
 * <pre>{@code
 * Path ar = ArchiverLauncher.write(new LauncherWriter(host, List.of(jar)), workDirectory.resolve("bin"));
 * // then AR_armv7_unknown_linux_gnueabihf=<ar> in the environment of cargo
 * }</pre>
 */
public final class ArchiverLauncher {

    /** The launcher's file name, without the {@code .cmd} of Windows. */
    public static final String BASE_NAME = "rust-maven-ar";

    private ArchiverLauncher() {}

    /** What the launcher starts: {@link ArchiverMain}, with no arguments before the caller's. */
    public static LauncherWriter.Launch launch() {
        return new LauncherWriter.Launch(
                BASE_NAME, "the ar archiver for C libraries of build scripts", ArchiverMain.class.getName(), List.of());
    }

    /**
     * Writes the launcher into {@code directory} (created when missing) and makes it executable.
     *
     * @param writer a writer whose class path holds {@link ArchiverMain}: the plugin jar
     * @return the launcher
     */
    public static Path write(LauncherWriter writer, Path directory) throws IOException {
        return writer.write(directory, launch());
    }
}
