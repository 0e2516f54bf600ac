package dev.rustmaven.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine the build runs on, as one value: made once ({@link #current()}) and passed to whatever
 * depends on the host, so that tests can describe Windows, macOS or an empty environment anywhere.
 *
 * @param osName the operating system name, as in {@code os.name}
 * @param osArch the processor architecture of the JVM, as in {@code os.arch}
 * @param javaHome the Java installation running Maven (and the linker front end)
 * @param fileSeparator {@code \} on Windows, else {@code /}
 * @param pathSeparator the separator of {@code PATH} and class paths: {@code ;} on Windows, else {@code :}
 * @param posixPermissions whether files carry POSIX permissions (an executable bit to set)
 * @param environment the environment variables of the build
 * @param userHome the user's home directory
 */
public record HostSystem(
        String osName,
        String osArch,
        String javaHome,
        String fileSeparator,
        String pathSeparator,
        boolean posixPermissions,
        Map<String, String> environment,
        Path userHome) {

    public HostSystem {
        environment = Map.copyOf(environment);
    }

    /** The machine this JVM runs on. */
    public static HostSystem current() {
        return new HostSystem(
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""),
                System.getProperty("java.home"),
                File.separator,
                File.pathSeparator,
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                System.getenv(),
                Path.of(System.getProperty("user.home")));
    }

    /** This host with another environment (for tests, and for callers that add variables). */
    public HostSystem withEnvironment(Map<String, String> newEnvironment) {
        return new HostSystem(
                osName, osArch, javaHome, fileSeparator, pathSeparator, posixPermissions, newEnvironment, userHome);
    }

    /** This host with another home directory. */
    public HostSystem withUserHome(Path newUserHome) {
        return new HostSystem(
                osName, osArch, javaHome, fileSeparator, pathSeparator, posixPermissions, environment, newUserHome);
    }

    public boolean isWindows() {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** {@code .exe} on Windows, else empty. */
    public String exeSuffix() {
        return isWindows() ? ".exe" : "";
    }

    /** An environment variable, when set and not blank. */
    public Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /**
     * The home directory cargo and rustup use: {@code HOME} (on Windows {@code USERPROFILE}) when set and not blank,
     * else {@code jvmHome}, the JVM's {@code user.home}. They differ when a CI job or a wrapper sets {@code HOME}:
     * Java takes {@code user.home} from the user database, not from the environment.
     */
    public static Path toolHome(Map<String, String> environment, Path jvmHome, boolean windows) {
        String home = environment.get(windows ? "USERPROFILE" : "HOME");
        return home == null || home.isBlank() ? jvmHome : Path.of(home);
    }

    /**
     * Cargo's home, where its configuration and rustup's proxies are, for a build run with this host's environment
     * and {@code overrides} on top (the build's {@code environment} setting): {@code CARGO_HOME}, else {@code
     * .cargo} in {@link #toolHome}.
     */
    public Path cargoHome(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(overrides);
        return cargoHome(merged, userHome, isWindows());
    }

    /** {@link #cargoHome(Map)} of an environment, with {@code jvmHome} for {@code user.home}. */
    public static Path cargoHome(Map<String, String> environment, Path jvmHome, boolean windows) {
        String home = environment.get("CARGO_HOME");
        return home == null || home.isBlank()
                ? toolHome(environment, jvmHome, windows).resolve(".cargo")
                : Path.of(home);
    }

    /** {@code RUSTUP_HOME}, else {@code .rustup} in {@link #toolHome} of an environment. */
    public static Path rustupHome(Map<String, String> environment, Path jvmHome, boolean windows) {
        String home = environment.get("RUSTUP_HOME");
        return home == null || home.isBlank()
                ? toolHome(environment, jvmHome, windows).resolve(".rustup")
                : Path.of(home);
    }

    /**
     * The directories a program started in {@code directory} searches for its configuration, nearest first, as
     * cargo looks for {@code .cargo/config.toml} and rustup for {@code rust-toolchain.toml}: its working directory
     * and each parent of it. On Unix that is the directory's real path ({@code getcwd} resolves the links that led
     * there); on Windows the path as given ({@code GetCurrentDirectory} returns what the process was started with).
     * A directory that does not exist yet is taken as given.
     */
    public static List<Path> searchedFrom(Path directory) {
        Path start = directory.toAbsolutePath().normalize();
        if (!directory.getFileSystem().getSeparator().equals("\\")) {
            try {
                start = directory.toRealPath();
            } catch (IOException e) {
                // not there yet: as given
            }
        }
        List<Path> directories = new ArrayList<>();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            directories.add(dir);
        }
        return directories;
    }

    /** The directories of {@code PATH}, in order. */
    public List<Path> pathDirectories() {
        return splitPath(env("PATH").or(() -> env("Path")).orElse(""), pathSeparator);
    }

    /** The directories of a {@code PATH}-like value, in order, without empty entries. */
    public static List<Path> splitPath(String value, String separator) {
        List<Path> dirs = new ArrayList<>();
        for (String entry : value.split(Pattern.quote(separator))) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        return dirs;
    }

    /** The {@code java} executable of {@link #javaHome}. */
    public String javaExecutable() {
        return javaHome + fileSeparator + "bin" + fileSeparator + "java" + exeSuffix();
    }

    /**
     * The contents of apt's source lists ({@code /etc/apt/sources.list}, then {@code /etc/apt/sources.list.d/}
     * in name order), empty on a machine without apt. Unreadable files are left out.
     */
    public List<String> aptSourceTexts() {
        List<Path> files = new ArrayList<>();
        Path etc = Path.of("/etc/apt");
        files.add(etc.resolve("sources.list"));
        try (Stream<Path> listed = Files.list(etc.resolve("sources.list.d"))) {
            listed.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources"))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException | RuntimeException e) {
            // No apt here.
        }
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            try {
                if (Files.isRegularFile(file)) {
                    texts.add(Files.readString(file, StandardCharsets.UTF_8));
                }
            } catch (IOException | RuntimeException e) {
                // Unreadable: as if absent.
            }
        }
        return texts;
    }
}
