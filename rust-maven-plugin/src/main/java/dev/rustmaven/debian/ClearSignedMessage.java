package dev.rustmaven.debian;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cleartext-signed OpenPGP message (RFC 4880 and RFC 9580, section 7), as a Debian archive's
 * {@code InRelease} is: the text the signature covers, in the canonical form it was signed in, and the
 * armored signature block.
 *
 * <p>The signed text is made from the lines between the armor headers and the signature block: a leading
 * {@code "- "} (dash-escaping) is removed, and so is trailing whitespace (spaces and tabs) on each line; the
 * lines are joined with CR LF, and the line break before {@code -----BEGIN PGP SIGNATURE-----} is not part of
 * it. A file with CR LF line ends reads the same as one with LF line ends.
 *
 * @param hashes          the digest names of the {@code Hash:} armor headers, upper case, e.g. {@code SHA256};
 *                        empty when there is none
 * @param signedText      the canonical text the signature covers
 * @param text            the same text with LF line ends and a final line break, as UTF-8, for parsing
 * @param signatureBlock  the armored signature, from its BEGIN line to its END line; empty when the message
 *                        has none
 */
record ClearSignedMessage(List<String> hashes, byte[] signedText, String text, byte[] signatureBlock) {

    static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
    static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
    static final String END_SIGNATURE = "-----END PGP SIGNATURE-----";

    ClearSignedMessage {
        hashes = List.copyOf(hashes);
    }

    /**
     * Splits a cleartext-signed message.
     *
     * @param source names the message in errors (its URL)
     * @throws DebianException (MALFORMED) when it is not a cleartext-signed message
     */
    static ClearSignedMessage parse(byte[] message, String source) throws DebianException {
        // Latin-1 maps each byte to one char and back, so the signed bytes stay exactly as received.
        List<String> lines = lines(new String(message, StandardCharsets.ISO_8859_1));
        int at = 0;
        if (lines.isEmpty() || !lines.get(0).equals(BEGIN_MESSAGE)) {
            throw malformed(source, "it does not start with " + BEGIN_MESSAGE);
        }
        at++;
        List<String> hashes = new ArrayList<>();
        for (; at < lines.size() && !lines.get(at).isEmpty(); at++) {
            String header = lines.get(at);
            if (!header.startsWith("Hash:")) {
                // Only Hash is defined for cleartext signatures; anything else may hide text from a reader.
                throw malformed(source, "it has the armor header '" + header + "', where only Hash: may stand");
            }
            for (String name : header.substring("Hash:".length()).split(",")) {
                if (!name.isBlank()) {
                    hashes.add(name.strip().toUpperCase(Locale.ROOT));
                }
            }
        }
        if (at >= lines.size()) {
            throw malformed(source, "it has no empty line after its armor headers");
        }
        at++;
        List<String> signed = new ArrayList<>();
        for (; at < lines.size() && !lines.get(at).equals(BEGIN_SIGNATURE); at++) {
            String line = lines.get(at);
            if (line.startsWith("- ")) {
                line = line.substring(2);
            } else if (line.startsWith("-")) {
                throw malformed(
                        source, "line " + (at + 1) + " starts with '-' but is not dash-escaped ('- '): '" + line + "'");
            }
            signed.add(stripTrailingWhitespace(line));
        }
        byte[] signedText = String.join("\r\n", signed).getBytes(StandardCharsets.ISO_8859_1);
        String text =
                new String(String.join("\n", signed).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)
                        + "\n";
        if (at >= lines.size()) {
            // Signed text without a signature: the verifier says so, naming the keyring it would have used.
            return new ClearSignedMessage(hashes, signedText, text, new byte[0]);
        }
        int begin = at;
        for (; at < lines.size() && !lines.get(at).equals(END_SIGNATURE); at++) {
            // the armored signature
        }
        if (at >= lines.size()) {
            throw malformed(source, "its signature block has no " + END_SIGNATURE + " line");
        }
        for (int rest = at + 1; rest < lines.size(); rest++) {
            if (!lines.get(rest).isBlank()) {
                throw malformed(source, "it has text after " + END_SIGNATURE + ", which no signature covers");
            }
        }
        String block = String.join("\n", lines.subList(begin, at + 1)) + "\n";
        return new ClearSignedMessage(hashes, signedText, text, block.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The lines of {@code content}, split at LF, each without a CR before the LF. */
    private static List<String> lines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            int next = end < 0 ? content.length() : end + 1;
            int stop = end < 0 ? content.length() : end;
            if (stop > start && content.charAt(stop - 1) == '\r') {
                stop--;
            }
            lines.add(content.substring(start, stop));
            start = next;
        }
        return lines;
    }

    private static String stripTrailingWhitespace(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static DebianException malformed(String source, String why) {
        return new DebianException(
                DebianException.Reason.MALFORMED,
                source + " is not a cleartext-signed OpenPGP message: " + why
                        + ". The mirror serves something else under this name; check the mirror URL.");
    }
}
