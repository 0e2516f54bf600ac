package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what was tried for one library, in order, and why each attempt was rejected: the message
 * of the error when nothing loads, and the explanation of the choice when something does.
 */
final class LoadReport {

    private final String name;
    private final Platform platform;
    private final List<String> candidates = new ArrayList<>();
    private final List<String> attempts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String candidateLocation;
    private String cacheOutcome;

    LoadReport(String name, Platform platform) {
        this.name = name;
        this.platform = platform;
    }

    void candidates(List<String> triples, String origin) {
        candidates.clear();
        candidates.addAll(triples);
        notes.add("candidate triples (" + origin + "), best first: "
                + (triples.isEmpty() ? "none" : String.join(", ", triples)));
    }

    /** One attempt: what was tried, where, and why it did not work. */
    void rejected(String what, String where, String why) {
        attempts.add(what + (where == null ? "" : " [" + where + "]") + ": " + why);
    }

    void note(String line) {
        notes.add(line);
    }

    /** The class path candidate about to be extracted or loaded: the resource and its jar. */
    void candidate(String location) {
        candidateLocation = location;
        cacheOutcome = null;
    }

    /** What the cache did for the candidate that is about to load. */
    void cacheOutcome(String outcome) {
        cacheOutcome = outcome;
    }

    /**
     * Every candidate considered, in order, why each was skipped and how the loaded one was taken:
     * what {@code dev.rustmaven.loader.explain} prints and {@link LoadedLibrary#explanation()} returns.
     */
    String explanation(LoadedLibrary loaded) {
        StringBuilder s = new StringBuilder();
        s.append("Loaded native library '")
                .append(name)
                .append("': ")
                .append(loaded)
                .append('.');
        appendPlatformAndNotes(s);
        s.append("\nConsidered, in order:");
        int i = 0;
        for (String attempt : attempts) {
            s.append("\n  ").append(++i).append(". skipped ").append(attempt);
        }
        String what =
                loaded.triple() != null ? loaded.triple() : loaded.source().toString();
        s.append("\n  ").append(++i).append(". taken ").append(what).append(" [");
        if (loaded.source() == LoadedLibrary.Source.CLASS_PATH && candidateLocation != null) {
            s.append(candidateLocation).append("]: ");
            s.append(cacheOutcome != null ? cacheOutcome + ", " : "loaded in place, ");
            s.append(loaded.file());
        } else {
            s.append(loaded.file() == null ? "java.library.path" : loaded.file())
                    .append("]: loaded");
        }
        return s.toString();
    }

    private void appendPlatformAndNotes(StringBuilder s) {
        s.append("\nDetected platform: ").append(platform.describe());
        for (String line : platform.evidence()) {
            s.append("\n  - ").append(line);
        }
        for (String line : notes) {
            s.append("\n").append(line);
        }
    }

    List<String> attempts() {
        return attempts;
    }

    String message() {
        StringBuilder s = new StringBuilder();
        s.append("Cannot load native library '").append(name).append("'.");
        appendPlatformAndNotes(s);
        s.append("\nTried, in order:");
        if (attempts.isEmpty()) {
            s.append("\n  (nothing)");
        }
        for (int i = 0; i < attempts.size(); i++) {
            s.append("\n  ").append(i + 1).append(". ").append(attempts.get(i));
        }
        s.append("\nTo fix: put the jar holding ")
                .append(NativeResources.libraryPath(
                        "<triple>",
                        TargetTriples.libraryFileName(
                                candidates.isEmpty() ? "unknown-linux" : candidates.get(0), name)))
                .append(" for ")
                .append(
                        candidates.isEmpty()
                                ? "this platform's triple"
                                : candidates.size() == 1
                                        ? candidates.get(0)
                                        : "one of " + String.join(", ", candidates))
                .append(" on the class path (rust-maven-plugin attaches one per triple, classified by triple),")
                .append(" or name the file with -D")
                .append(NativeLoader.PROPERTY_PREFIX)
                .append("library.")
                .append(name)
                .append("=/path/to/it.");
        return s.toString();
    }

    UnsatisfiedLinkError error() {
        return new UnsatisfiedLinkError(message());
    }
}
