package dev.rustmaven.cc;

import dev.rustmaven.toolchain.ExecutableFinder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds clang and an archiver: the one the user names, else {@code clang} on the {@code PATH}, else the
 * newest versioned {@code clang-<N>} there (Debian and Ubuntu install {@code clang-14}, {@code clang-19}
 * side by side). The archiver is the {@code llvm-ar} of the same installation when there is one.
 */
public final class CCompilerLocator {

    private static final Pattern VERSIONED = Pattern.compile("clang-(\\d+)");

    private final ExecutableFinder finder;

    public CCompilerLocator(ExecutableFinder finder) {
        this.finder = finder;
    }

    /**
     * The compiler {@code configured} names (a path, or a name looked up on the {@code PATH}).
     *
     * @param origin how the user named it, for messages
     * @throws IllegalArgumentException when it names nothing executable; the message says what was looked for
     */
    public CCompiler configured(String configured, String origin) {
        Path cc = finder.find(configured.trim())
                .orElseThrow(() -> new IllegalArgumentException("'" + configured + "' is not an executable file"
                        + (configured.contains("/") ? "" : " on the PATH (" + finder.searchPath() + ")")
                        + "; name a clang, as a path or a command name, such as clang or clang-14"));
        return withCompanions(cc, origin);
    }

    /** clang found on the {@code PATH}: {@code clang} itself, else the newest {@code clang-<N>}. */
    public Optional<CCompiler> onPath() {
        Optional<Path> plain = finder.find("clang");
        if (plain.isPresent()) {
            return Optional.of(withCompanions(plain.get(), "the PATH"));
        }
        Path best = null;
        int bestVersion = -1;
        for (Path dir : finder.searchPath()) {
            for (Path candidate : versioned(dir)) {
                Matcher m = VERSIONED.matcher(candidate.getFileName().toString());
                if (m.matches() && Integer.parseInt(m.group(1)) > bestVersion && Files.isExecutable(candidate)) {
                    best = candidate.toAbsolutePath();
                    bestVersion = Integer.parseInt(m.group(1));
                }
            }
        }
        return Optional.ofNullable(best).map(p -> withCompanions(p, "the PATH"));
    }

    /** What {@link #onPath()} looks for, for messages. */
    public static String searchedNames() {
        return "clang, clang-<N>";
    }

    private static List<Path> versioned(Path dir) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "clang-[0-9]*")) {
            entries.forEach(found::add);
        } catch (IOException | RuntimeException e) {
            // An unreadable PATH entry is skipped, as a shell would.
        }
        return found;
    }

    private CCompiler withCompanions(Path cc, String origin) {
        String name = cc.getFileName().toString();
        String suffix = name.startsWith("clang") ? name.substring("clang".length()) : "";
        Path dir = cc.getParent();
        Path cxx = executable(dir.resolve("clang++" + suffix)).orElse(cc);
        return new CCompiler(cc, cxx, archiver(cc, suffix), origin);
    }

    /**
     * llvm-ar of clang's own installation: beside the real clang (Debian's {@code /usr/lib/llvm-14/bin}),
     * else beside the name it was found by, with the same version suffix. Not any llvm-ar on the PATH: the
     * archiver comes from the same place as the compiler, or the plugin provides one.
     */
    private Optional<Path> archiver(Path cc, String suffix) {
        Set<Path> candidates = new LinkedHashSet<>();
        try {
            candidates.add(cc.toRealPath().resolveSibling("llvm-ar"));
        } catch (IOException e) {
            // Not resolvable: the other candidates remain.
        }
        candidates.add(cc.resolveSibling("llvm-ar" + suffix));
        candidates.add(cc.resolveSibling("llvm-ar"));
        for (Path candidate : candidates) {
            Optional<Path> found = executable(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
}
