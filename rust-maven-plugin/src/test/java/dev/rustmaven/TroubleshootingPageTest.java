package dev.rustmaven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every message a user can see has an entry in {@code src-site/markdown/troubleshooting.md}, and every entry
 * there is still a message in the code.
 *
 * <p>How messages are found ({@link MessageSites}), in the main sources of this module and of
 * rust-native-loader, comments removed:
 *
 * <ul>
 *   <li><b>Sites</b>: {@code new X(...)} for every type X ending in {@code Exception} or {@code Error}, except
 *       {@link MessageSites#NOT_USER_FACING} (programming errors such as {@code IllegalStateException}, and the
 *       wrapper {@code UncheckedIOException}); static factories of exception types ({@code
 *       BuildException.configuration(...)}, {@code CargoException.manifest(...)}); {@code .warn(...)} and {@code
 *       .error(...)} (the log); {@code err.println(...)} (standard error of the linker front end, the archiver
 *       and the loader); {@code .rejected(what, where, why)} (the loader's report) and {@code new
 *       OutputCheck(...)}, both by their last argument; {@code problems.add(...)} and {@code new Finding(...)}
 *       (the output checks); {@code super(...)} with a
 *       literal; and the calls of methods that make an exception from a {@code String} parameter (found by the
 *       scan itself, such as {@code notFound(String message)} or {@code malformed(String problem)}).
 *   <li><b>Message methods</b>: the methods in {@link MessageSites#MESSAGE_METHODS} return a message (a
 *       {@code String} or {@code Optional<String>}) that a caller passes on as a variable; each {@code return} in
 *       them, and each chain {@code s.append(a).append(b)} (read as {@code a + b}), holding a literal is a site.
 *   <li><b>The message</b> of a site is its first argument whose literal text has a letter outside a {@code ?:};
 *       it is split at its top-level {@code +}: literals (and {@code static final String} constants of the same
 *       file) give text, anything else a variable part. Text inside a {@code ?:} or a method call is a variable
 *       part, except that {@code Optional.of(x)} and {@code List.of(x)} are read as {@code x}, and {@code
 *       String.format("a %s b", v)} as {@code "a " + v + " b"}.
 *   <li><b>The key</b> the page must contain: the message from its first letter on, whole literals and
 *       variable parts (matched as any text), until it holds {@value MessageSites#KEY_WORDS} words. A message
 *       whose literals hold no letter ({@code ": " + e.getMessage()}) has no key: it only passes another message
 *       on. Messages with the same key (such as {@code "Could not read " + file + ": " + e}) share an entry.
 *   <li><b>Pass-through</b>: a site without a literal is fine when an argument is a caught exception or an
 *       exception parameter ({@code e}, {@code e.getMessage()}), another site's exception, a message method's
 *       result, a parameter of an exception factory, or is listed in {@link MessageSites#FORWARDED} with its
 *       reason. Any other message the scanner cannot read fails this test: build it inline, or list it there.
 * </ul>
 *
 * <p>The page: every blockquote line ({@code > ``message``}) is one message; backticks and runs of white space
 * are ignored, and {@code <name>} stands for a variable part. Each such line must match the key of some site
 * (no stale entries), and each site's key must match some such line (no missing entries).
 */
class TroubleshootingPageTest {

    static final Path PAGE = Path.of("../src-site/markdown/troubleshooting.md");
    static final Path PLUGIN = Path.of("src/main/java");
    static final Path LOADER = Path.of("../rust-native-loader/src/main/java");

    private static final MessageSites SCAN = MessageSites.scan(PLUGIN, LOADER);

    /** The messages of the page: each blockquote line, normalised. */
    static List<String> pageMessages() throws IOException {
        List<String> messages = new ArrayList<>();
        for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
            if (line.startsWith(">")) {
                messages.add(MessageSites.normalise(line.substring(1)).trim());
            }
        }
        return messages;
    }

    @Test
    @DisplayName("the scanner reads every message site and finds a plausible number of them")
    void scannerReadsEverySite() {
        assertThat(SCAN.unreadable)
                .as("message sites the scanner cannot read: build the message inline as literal + variable + ...,"
                        + " or list the argument in MessageSites.FORWARDED with the reason it passes text on")
                .isEmpty();
        assertThat(SCAN.sites).hasSizeGreaterThan(400);
        assertThat(SCAN.sites.stream().map(s -> s.file()).filter(f -> f.contains("/loader/")))
                .hasSizeGreaterThan(45);
    }

    @Test
    @DisplayName("every message in the code has an entry in troubleshooting.md")
    void everyMessageHasAnEntry() throws IOException {
        List<String> page = pageMessages();
        Map<String, String> missing = new LinkedHashMap<>();
        for (MessageSites.Site site : SCAN.sites) {
            if (!site.hasWords()) {
                continue;
            }
            Pattern key = site.key();
            if (page.stream().noneMatch(m -> key.matcher(m).find())) {
                missing.merge(site.keyText(), site.where(), (a, b) -> a + ", " + b);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder report = new StringBuilder("Messages without an entry in " + PAGE + " (" + missing.size()
                    + "): add each under the section of its area, as a line '> ``<the message>``' with <name> for"
                    + " its variable parts, followed by its **Cause:** and **Fix:**. Key (site):");
            missing.forEach((key, where) -> report.append("\n  ")
                    .append(key)
                    .append("    (")
                    .append(where)
                    .append(')'));
            fail(report.toString());
        }
    }

    @Test
    @DisplayName("every message line of troubleshooting.md is one code span the site renders")
    void messageLinesAreCodeSpans() throws IOException {
        List<String> malformed = new ArrayList<>();
        for (String line : Files.readAllLines(PAGE, StandardCharsets.UTF_8)) {
            if (!line.startsWith(">")) {
                continue;
            }
            // A span opened by `` that starts or ends with a backtick of its own needs a space on both sides,
            // or the site's Markdown reads three backticks and renders <name> as an HTML tag.
            String inner = line.startsWith("> ``") && line.endsWith("``") && line.length() > 6
                    ? line.substring(4, line.length() - 2)
                    : null;
            boolean padded = inner != null && inner.startsWith(" ") && inner.endsWith(" ");
            if (inner == null
                    || inner.contains("``")
                    || ((inner.startsWith("`") || inner.endsWith("`")) && !padded)
                    || (padded && !(inner.startsWith(" `") || inner.endsWith("` ")))) {
                malformed.add(line);
            }
        }
        assertThat(malformed)
                .as("message lines must be '> ``<message>``' (or '> `` <message> ``' when the message starts or ends"
                        + " with a backtick)")
                .isEmpty();
    }

    @Test
    @DisplayName("every entry of troubleshooting.md is still a message in the code")
    void noStaleEntries() throws IOException {
        List<Pattern> keys = SCAN.sites.stream()
                .filter(MessageSites.Site::hasWords)
                .map(MessageSites.Site::key)
                .toList();
        List<String> page = pageMessages();
        assertThat(page).hasSizeGreaterThan(400);
        List<String> stale = page.stream()
                .filter(m -> keys.stream().noneMatch(k -> k.matcher(m).find()))
                .toList();
        if (!stale.isEmpty()) {
            fail("Entries of " + PAGE + " that no message in the code matches any more (" + stale.size()
                    + "): update them to the message's current wording, or remove them with their Cause and Fix:\n  "
                    + String.join("\n  ", stale));
        }
    }
}
