package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the version of a glibc {@code libc.so.6} by reading the file, without calling into it.
 *
 * <p>In order: the file name ({@code libc-2.28.so} before glibc 2.34); the banner that glibc
 * prints when executed ({@code "... stable release version 2.36."} in {@code .rodata}); and, as a
 * lower bound, the newest {@code GLIBC_2.x} symbol version the file defines (a release that adds no
 * symbols adds no version node, so this may be one release behind).
 */
public final class GlibcProbe {

    private static final Pattern FILE_NAME = Pattern.compile("libc-(\\d+\\.\\d+(?:\\.\\d+)?)\\.so$");
    private static final Pattern BANNER = Pattern.compile("release version (\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Pattern VERSION_NODE = Pattern.compile("GLIBC_(\\d+\\.\\d+(?:\\.\\d+)?)");

    private GlibcProbe() {}

    /** The version of the glibc at {@code path}, or {@link Fact#none} saying why not. */
    public static Fact<String> versionOf(Host host, String path) {
        Matcher name = FILE_NAME.matcher(path);
        if (name.find()) {
            return Fact.of(name.group(1), "file name " + path);
        }
        try (ByteSource source = host.open(path)) {
            if (source == null) {
                return Fact.none(path + " is not a file");
            }
            ElfFile elf = ElfFile.read(source);
            byte[] rodata = elf.sectionNamed(".rodata");
            if (rodata != null) {
                Matcher banner = BANNER.matcher(new String(rodata, StandardCharsets.ISO_8859_1));
                if (banner.find()) {
                    return Fact.of(banner.group(1), "banner in .rodata of " + path);
                }
            }
            String newest = null;
            List<String> definitions = elf.versionDefinitions();
            for (String definition : definitions) {
                Matcher m = VERSION_NODE.matcher(definition);
                if (m.matches() && (newest == null || Versions.compare(m.group(1), newest) > 0)) {
                    newest = m.group(1);
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
}
