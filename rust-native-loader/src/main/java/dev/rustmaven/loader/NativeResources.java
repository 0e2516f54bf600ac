package dev.rustmaven.loader;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The layout of native libraries on the class path: the contract between rust-maven-plugin, which
 * writes it into jars (and into a project's classes when it bundles), and this loader, which reads it.
 * Both sides use these names and nothing else, so a change here changes both.
 *
 * <p>A library built for a Rust target triple lives at {@code META-INF/native/<triple>/<file>}, where
 * {@code <file>} is the name the platform gives it ({@link TargetTriples#libraryFileName}). Next to it,
 * {@code <file>.properties} may describe it, as {@code key=value} lines in {@link #PROPERTIES_CHARSET}:
 *
 * <ul>
 *   <li>{@value #TRIPLE}: the triple it was built for; must equal the directory's triple</li>
 *   <li>{@value #SHA256}: its SHA-256 as hex; names its cache directory and is checked after extraction</li>
 *   <li>{@value #SIZE}: its size in bytes; informational</li>
 *   <li>{@value #GLIBC_FLOOR}: the newest glibc version it needs, e.g. {@code 2.28}; only for glibc
 *       targets: the floor the plugin checked the library against, raised to what the library needs when the plugin did not link it</li>
 * </ul>
 *
 * <p>The properties file is optional; a key that is missing is not checked.
 */
public final class NativeResources {

    /** The resource folder holding one folder per triple: {@value}. */
    public static final String ROOT = "META-INF/native/";

    /** Appended to a library's path to name its properties file: {@value}. */
    public static final String PROPERTIES_SUFFIX = ".properties";

    /** The encoding of a properties file (that of {@link java.util.Properties#load(java.io.InputStream)}). */
    public static final Charset PROPERTIES_CHARSET = StandardCharsets.ISO_8859_1;

    /** Property: the Rust target triple the library was built for. */
    public static final String TRIPLE = "triple";

    /** Property: the library's SHA-256, lower-case hex. */
    public static final String SHA256 = "sha256";

    /** Property: the library's size in bytes. */
    public static final String SIZE = "size";

    /** Property: the newest glibc version the library needs, such as {@code 2.28}. */
    public static final String GLIBC_FLOOR = "glibc.floor";

    private NativeResources() {}

    /**
     * The resource path of a library: {@code META-INF/native/<triple>/<fileName>}.
     *
     * @param triple the Rust target triple it was built for
     * @param fileName its file name, such as {@code libadder.so}
     */
    public static String libraryPath(String triple, String fileName) {
        return ROOT + triple + "/" + fileName;
    }

    /** The resource path of a library's properties file: {@code META-INF/native/<triple>/<fileName>.properties}. */
    public static String propertiesPath(String triple, String fileName) {
        return libraryPath(triple, fileName) + PROPERTIES_SUFFIX;
    }
}
