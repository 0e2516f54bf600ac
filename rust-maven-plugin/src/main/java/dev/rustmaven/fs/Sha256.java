package dev.rustmaven.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** SHA-256 helpers: digests as lower-case hex, and checksum files in sha256sum's format. */
public final class Sha256 {

    private Sha256() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
        }
    }

    /** The digest's value as lower-case hex. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of some bytes, as hex. */
    public static String of(byte[] bytes) {
        MessageDigest digest = newDigest();
        digest.update(bytes);
        return hex(digest);
    }

    /** The SHA-256 of a file's content, as hex. */
    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }

    /**
     * The SHA-256 of a file's content, or {@code absent} when there is none to read: for keys, where a missing file
     * is a state like any other.
     */
    public static String ofOrAbsent(Path file) {
        try {
            return of(file);
        } catch (IOException e) {
            return "absent";
        }
    }

    /**
     * The digest in a checksum file's text, which is {@code <hex>  <file name>} (sha256sum's format) or the
     * bare hex; empty when the text does not start with 64 hex digits.
     */
    public static Optional<String> parseChecksumFile(String text) {
        String first = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return first.matches("[0-9a-f]{64}") ? Optional.of(first) : Optional.empty();
    }
}
