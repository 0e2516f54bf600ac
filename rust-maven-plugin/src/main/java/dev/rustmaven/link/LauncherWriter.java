package dev.rustmaven.link;

import dev.rustmaven.fs.AtomicPublish;
import dev.rustmaven.fs.FileTrees;
import dev.rustmaven.system.HostSystem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the small executables through which build tools start a main class of the plugin jar: a few lines
 * of {@code sh} on Unix and macOS, a {@code .cmd} file on Windows, that run Java with {@link #JVM_FLAGS},
 * the main class and its leading arguments, and pass every argument of the caller on.
 *
 * <p>The linker launcher, which cargo runs as {@code CARGO_TARGET_<TRIPLE>_LINKER}, starts {@link LinkerMain}
 * with the target's configuration file ({@link #write(Path, String, Path)}). Its name,
 * {@code rust-maven-linker-<triple>}, is one rustc does not recognise as a particular linker (such as
 * {@code *-ld} or {@code ld.lld}), so rustc keeps the target's gcc-style arguments, which is what
 * {@link GccArgumentTranslator} reads. Other launchers are described by a {@link Launch}
 * ({@link #write(Path, Launch)}).
 */
public final class LauncherWriter {

    /**
     * JVM flags that shorten start-up, paid on every link: the C1 compiler only (the front end runs for
     * milliseconds), the serial collector (no GC threads to start) and the JDK's class data archive.
     */
    public static final List<String> JVM_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData");

    /**
     * What a launcher starts.
     *
     * @param baseName the launcher's file name, to which Windows adds {@code .cmd}
     * @param purpose what the launcher is, for its comment line: {@code the linker front end for <triple>}
     * @param mainClass the fully qualified name of the class of the plugin jar it runs
     * @param arguments the arguments that come before the caller's: option names such as {@code --config}
     *     are written as they are, everything else quoted
     */
    public record Launch(String baseName, String purpose, String mainClass, List<String> arguments) {

        public Launch {
            Objects.requireNonNull(baseName, "baseName");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(mainClass, "mainClass");
            arguments = List.copyOf(arguments);
            if (!baseName.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(
                        "a launcher's name may hold letters, digits, '_' and '-' only, not '" + baseName + "'");
            }
        }
    }

    private static final Pattern OPTION_NAME = Pattern.compile("--[a-z][a-z0-9-]*");

    private final HostSystem host;
    private final List<Path> classPath;

    /**
     * @param host the machine the launcher is for
     * @param classPath where the main classes are loaded from: the plugin jar (see {@link #codeSourceOf})
     */
    public LauncherWriter(HostSystem host, List<Path> classPath) {
        this.host = Objects.requireNonNull(host, "host");
        this.classPath = List.copyOf(classPath);
        if (this.classPath.isEmpty()) {
            throw new IllegalArgumentException("a launcher needs a class path holding the plugin's main classes");
        }
    }

    /** The jar or directory {@code type} was loaded from. */
    public static Path codeSourceOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /** What the linker launcher for {@code triple} starts: {@link LinkerMain} with {@code configFile}. */
    public static Launch linker(String triple, Path configFile) {
        return new Launch(
                "rust-maven-linker-" + triple.replaceAll("[^A-Za-z0-9_-]", "_"),
                "the linker front end for " + triple,
                LinkerMain.class.getName(),
                List.of("--config", configFile.toString()));
    }

    /** The linker launcher's file name for {@code triple}. */
    public String fileName(String triple) {
        return fileName(linker(triple, Path.of("")));
    }

    /** The file name of a launcher: its base name, with {@code .cmd} on Windows. */
    public String fileName(Launch launch) {
        return launch.baseName() + (host.isWindows() ? ".cmd" : "");
    }

    /**
     * Writes the linker launcher for {@code triple} into {@code directory} and makes it executable.
     *
     * @return the launcher, to be set as {@code CARGO_TARGET_<TRIPLE>_LINKER}
     */
    public Path write(Path directory, String triple, Path configFile) throws IOException {
        return write(directory, linker(triple, configFile));
    }

    /**
     * Writes a launcher into {@code directory} (created when missing) and makes it executable.
     *
     * @return the launcher
     */
    public Path write(Path directory, Launch launch) throws IOException {
        return writeExecutable(directory, fileName(launch), script(launch));
    }

    /**
     * Writes the linker launcher for {@code triple} that runs the native front end ({@link NativeFrontEnd})
     * {@code executable} with the plain configuration {@code configFile} ({@link LinkerConfig#storePlain}), and
     * makes it executable. Unix and macOS only: a {@code sh} line that {@code exec}s the front end.
     *
     * @return the launcher, to be set as {@code CARGO_TARGET_<TRIPLE>_LINKER}
     */
    public Path writeNative(Path directory, String triple, Path executable, Path configFile) throws IOException {
        return writeExecutable(directory, fileName(triple), nativeScript(triple, executable, configFile));
    }

    /** The text of the launcher of {@link #writeNative}. */
    public String nativeScript(String triple, Path executable, Path configFile) {
        if (host.isWindows()) {
            throw new IllegalStateException("the native linker front end is not used on Windows");
        }
        return "#!/bin/sh\n"
                + "# Generated by rust-maven-plugin: the linker front end for " + triple + " (native).\n"
                + "exec " + shQuote(executable.toString()) + " --config " + shQuote(configFile.toString())
                + " \"$@\"\n";
    }

    private Path writeExecutable(Path directory, String fileName, String text) throws IOException {
        FileTrees.createDirectories(directory);
        Path launcher = directory.resolve(fileName);
        // Written under a temporary name that only the owner may touch, then renamed: never writable by others.
        return AtomicPublish.replaceFile(launcher, temporary -> {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (host.posixPermissions()) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return launcher;
        });
    }

    /** The linker launcher's text: {@code sh} or, on Windows, {@code cmd}. */
    public String script(String triple, Path configFile) {
        return script(linker(triple, configFile));
    }

    /** A launcher's text: {@code sh} or, on Windows, {@code cmd}. */
    public String script(Launch launch) {
        String cp = classPath.stream().map(Path::toString).collect(Collectors.joining(host.pathSeparator()));
        String flags = String.join(" ", JVM_FLAGS);
        boolean windows = host.isWindows();
        StringBuilder arguments = new StringBuilder();
        for (String argument : launch.arguments()) {
            arguments.append(' ');
            if (OPTION_NAME.matcher(argument).matches()) {
                arguments.append(argument);
            } else {
                arguments.append(windows ? cmdQuote(argument) : shQuote(argument));
            }
        }
        if (windows) {
            return "@echo off\r\n"
                    + "rem Generated by rust-maven-plugin: " + launch.purpose() + ".\r\n"
                    + cmdQuote(host.javaExecutable()) + " " + flags + " -cp " + cmdQuote(cp) + " "
                    + launch.mainClass() + arguments + " %*\r\n"
                    + "exit /b %ERRORLEVEL%\r\n";
        }
        return "#!/bin/sh\n"
                + "# Generated by rust-maven-plugin: " + launch.purpose() + ".\n"
                + "exec " + shQuote(host.javaExecutable()) + " " + flags + " -cp " + shQuote(cp) + " "
                + launch.mainClass() + arguments + " \"$@\"\n";
    }

    /**
     * Quotes {@code value} for a POSIX shell script: single quotes keep every character literal in sh ({@code $},
     * backticks, backslashes, newlines); a single quote itself is closed, escaped, reopened.
     */
    public static String shQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * Quotes a path for a {@code .cmd} file: inside double quotes cmd takes {@code &}, {@code ^}, {@code |},
     * {@code <}, {@code >} and spaces literally; a percent sign would still start a variable, so it is doubled.
     *
     * @throws IllegalArgumentException for a double quote, which no Windows path holds and cmd cannot escape
     */
    public static String cmdQuote(String value) {
        if (value.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a path for a Windows launcher cannot contain '\"': " + value);
        }
        return "\"" + value.replace("%", "%%") + "\"";
    }
}
