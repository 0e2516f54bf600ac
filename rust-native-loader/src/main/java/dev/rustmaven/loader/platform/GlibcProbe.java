package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finds the version of a glibc {@code libc.so.6} by reading the file, without calling into it.
 *
 * <p>In order: the file name ({@code libc-2.28.so} before glibc 2.34); the banner that glibc
 * prints when executed ({@code "... stable release version 2.36."} in {@code .rodata}); and, as a
 * lower bound, the newest {@code GLIBC_2.x} symbol version the file defines (a release that adds no
 * symbols adds no version node, so this may be one release behind).
 *
 * <p>Versions are matched by hand, not with regular expressions: this runs on every start of every
 * application that loads a library, and compiling and running patterns over the 150 KB of
 * {@code .rodata} cost more than the rest of the detection.
 */
public final class GlibcProbe {

    private static final String BANNER = "release version ";

    private GlibcProbe() {}

    /** The version of the glibc at {@code path}, or {@link Fact#none} saying why not. */
    public static Fact<String> versionOf(Host host, String path) {
        String named = versionInFileName(path);
        if (named != null) {
            return Fact.of(named, "file name " + path);
        }
        try (ByteSource source = host.open(path)) {
            if (source == null) {
                return Fact.none(path + " is not a file");
            }
            ElfFile elf = ElfFile.read(source);
            byte[] rodata = elf.sectionNamed(".rodata");
            if (rodata != null) {
                String banner = bannerVersion(rodata);
                if (banner != null) {
                    return Fact.of(banner, "banner in .rodata of " + path);
                }
            }
            String newest = null;
            List<String> definitions = elf.versionDefinitions();
            for (String definition : definitions) {
                String version = definition.startsWith("GLIBC_") ? definition.substring("GLIBC_".length()) : null;
                if (version != null
                        && Versions.isVersion(version, 2, 3)
                        && (newest == null || Versions.compare(version, newest) > 0)) {
                    newest = version;
                }
            }
            if (newest != null) {
                return Fact.of(newest, "newest GLIBC_ symbol version defined by " + path);
            }
            return Fact.none(path + " has neither a version banner nor GLIBC_ version definitions");
        } catch (IOException e) {
            return Fact.none("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** {@code 2.28} of a path ending in {@code libc-2.28.so} (glibc before 2.34), else null. */
    static String versionInFileName(String path) {
        int at = path.lastIndexOf("libc-");
        if (at < 0 || !path.endsWith(".so")) {
            return null;
        }
        String version = path.substring(at + "libc-".length(), path.length() - ".so".length());
        return Versions.isVersion(version, 2, 3) ? version : null;
    }

    /**
     * The version after the first {@code "release version "} that is followed by one, or null. A
     * Boyer-Moore-Horspool search over the bytes: it looks at about one byte in sixteen, and this runs
     * interpreted on every start, where {@code new String(...).indexOf} walked all 150 KB.
     */
    static String bannerVersion(byte[] data) {
        int m = BANNER.length();
        int[] skip = new int[256];
        for (int i = 0; i < skip.length; i++) {
            skip[i] = m;
        }
        for (int i = 0; i < m - 1; i++) {
            skip[BANNER.charAt(i)] = m - 1 - i;
        }
        for (int at = 0; at + m <= data.length; at += skip[data[at + m - 1] & 0xff]) {
            if (bannerAt(data, at)) {
                int from = at + m;
                String tail = new String(data, from, Math.min(data.length - from, 32), StandardCharsets.ISO_8859_1);
                int length = Versions.glibcVersionLength(tail, 0);
                if (length > 0) {
                    return tail.substring(0, length);
                }
            }
        }
        return null;
    }

    private static boolean bannerAt(byte[] data, int at) {
        for (int i = BANNER.length() - 1; i >= 0; i--) {
            if (data[at + i] != BANNER.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
