package dev.rustmaven.link;

import java.io.File;
import java.nio.file.FileSystems;
import java.util.Locale;

/**
 * The facts about the machine that decide what a launcher looks like, behind one seam so that the
 * Windows and macOS cases can be tested anywhere.
 *
 * @param osName the operating system name, as in {@code os.name}
 * @param javaHome the Java installation that runs the front end
 * @param exeSuffix {@code .exe} on Windows, else empty
 * @param fileSeparator {@code \} on Windows, else {@code /}
 * @param pathSeparator the class path separator: {@code ;} on Windows, else {@code :}
 * @param posixPermissions whether files carry POSIX permissions (an executable bit to set)
 */
public record HostFacts(String osName, String javaHome, String exeSuffix, String fileSeparator,
        String pathSeparator, boolean posixPermissions) {

    /** The facts of the machine this JVM runs on. */
    public static HostFacts current() {
        String os = System.getProperty("os.name", "");
        boolean windows = os.toLowerCase(Locale.ROOT).startsWith("windows");
        return new HostFacts(os, System.getProperty("java.home"), windows ? ".exe" : "", File.separator,
                File.pathSeparator, FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    }

    public boolean isWindows() {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** The {@code java} executable of {@link #javaHome}. */
    public String javaExecutable() {
        return javaHome + fileSeparator + "bin" + fileSeparator + "java" + exeSuffix;
    }
}
