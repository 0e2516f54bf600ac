package dev.rustmaven.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Compares the files of two builds byte by byte and says what differs: for jars, which entries (content,
 * time, or presence), so that a reproducibility failure names its cause.
 */
final class SameBytes {

    private SameBytes() {}

    /** The differences between {@code a} and {@code b} (relative paths below both), one line each; empty if none. */
    static List<String> differences(Path rootA, Path rootB, List<String> relativePaths) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String relative : relativePaths) {
            Path a = rootA.resolve(relative);
            Path b = rootB.resolve(relative);
            if (!Files.isRegularFile(a) || !Files.isRegularFile(b)) {
                lines.add(relative + ": " + (Files.isRegularFile(a) ? "" : "missing in " + rootA + " ")
                        + (Files.isRegularFile(b) ? "" : "missing in " + rootB));
                continue;
            }
            if (java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b))) {
                continue;
            }
            lines.add(relative + ": " + describe(a) + " vs " + describe(b));
            if (relative.endsWith(".jar")) {
                jarDifferences(a, b).forEach(d -> lines.add("    " + d));
            }
        }
        return lines;
    }

    private static String describe(Path file) throws Exception {
        return Files.size(file) + " bytes, sha256 "
                + sha256(Files.readAllBytes(file)).substring(0, 16);
    }

    private static List<String> jarDifferences(Path a, Path b) throws IOException {
        Map<String, String> entriesA = entries(a);
        Map<String, String> entriesB = entries(b);
        List<String> lines = new ArrayList<>();
        TreeMap<String, Boolean> names = new TreeMap<>();
        entriesA.keySet().forEach(n -> names.put(n, true));
        entriesB.keySet().forEach(n -> names.put(n, true));
        for (String name : names.keySet()) {
            String x = entriesA.get(name);
            String y = entriesB.get(name);
            if (x == null || y == null || !x.equals(y)) {
                lines.add(name + ": " + (x == null ? "absent" : x) + " vs " + (y == null ? "absent" : y));
            }
        }
        if (lines.isEmpty()) {
            lines.add("same entries, contents and times: the difference is in the order or the zip headers");
        }
        return lines;
    }

    /** Entry name to "time, size, sha256" in the order of the jar. */
    private static Map<String, String> entries(Path jar) throws IOException {
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] bytes = in.readAllBytes();
                    entries.put(
                            e.getName(),
                            "time " + e.getTimeLocal() + ", " + bytes.length + " bytes, sha256 "
                                    + sha256(bytes).substring(0, 16));
                }
            }
        }
        return entries;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
