package dev.rustmaven.loader.cache;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link StartRecord}s: apart from the reading side, which a start with a record loads, so that such a
 * start does not load and verify this code.
 */
public final class StartRecordWriter {

    private StartRecordWriter() {}

    /**
     * Records a load from the class path through the cache: best effort, a record that cannot be written means
     * the full way on the next start.
     *
     * @param key this process's key
     * @param copy the loaded copy, {@code <root>/<sha256>/<file name>}
     * @param sources the jars the library and its properties were found in ({@code jar:file:} URLs); any other
     *     kind of URL means no record
     * @param explanation how the load chose the copy, shown again by a start that uses the record
     */
    public static void write(
            StartRecord key, String name, String triple, Path copy, List<URL> sources, String explanation) {
        Path dir = copy.getParent();
        Path root = dir == null ? null : dir.getParent();
        int me = StartRecord.currentUid();
        Map<String, Object> r = root == null ? null : StartRecord.unixAttributes(root);
        if (sources.isEmpty() || me < 0 || r == null || !StartRecord.ownDirectory(r, me)) {
            // a record naming no jar is one no start would use
            return;
        }
        StringBuilder text = new StringBuilder(StartRecord.HEADER).append('\n');
        field(text, StartRecord.KEY, key.key());
        for (URL source : sources) {
            String jar = jarFile(source);
            String identity = jar == null ? null : StartRecord.sourceIdentity(jar);
            if (identity == null) {
                return;
            }
            field(text, StartRecord.SOURCE, identity + " " + jar);
        }
        long size;
        try {
            size = Files.size(copy);
        } catch (IOException e) {
            return;
        }
        field(text, StartRecord.TRIPLE, triple);
        field(text, StartRecord.SHA256, dir.getFileName().toString());
        field(text, StartRecord.FILE_NAME, copy.getFileName().toString());
        field(text, StartRecord.SIZE, Long.toString(size));
        field(text, StartRecord.EXPLANATION, explanation);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > StartRecord.MAX_SIZE) {
            // thousands of jars: a record no start would read
            return;
        }
        Path file = key.file(root, name);
        Path temp = null;
        try {
            temp = LibraryCache.createUnique(root, ".start-", ".tmp", false);
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            Files.setPosixFilePermissions(temp, LibraryCache.readOnly());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // no atomic rename: no record, rather than one a reader could see half-written
                return;
            }
            temp = null;
        } catch (IOException | RuntimeException e) {
            // the full way again next time
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover temporary file in the user's own cache
                }
            }
        }
    }

    /** One field as {@link StartRecord#fields} reads it: {@code <name> <length>\n<value>\n}. */
    static void field(StringBuilder text, String name, String value) {
        text.append(name)
                .append(' ')
                .append(value.length())
                .append('\n')
                .append(value)
                .append('\n');
    }

    /** The jar file of a {@code jar:file:...!/entry} URL, or null. */
    private static String jarFile(URL url) {
        if (!"jar".equals(url.getProtocol())) {
            return null;
        }
        String spec = url.getPath();
        int bang = spec.indexOf("!/");
        if (bang < 0) {
            return null;
        }
        try {
            URL jar = new URL(spec.substring(0, bang));
            if (!"file".equals(jar.getProtocol())) {
                return null;
            }
            File file = new File(jar.toURI());
            return file.isFile() ? file.getPath() : null;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
