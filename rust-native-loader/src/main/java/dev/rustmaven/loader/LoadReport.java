package dev.rustmaven.loader;

import dev.rustmaven.loader.platform.Platform;
import java.util.ArrayList;
import java.util.List;

/** Collects what was tried for one library, in order, and why each attempt was rejected. */
final class LoadReport {

    private final String name;
    private final Platform platform;
    private final List<String> candidates = new ArrayList<>();
    private final List<String> attempts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

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

    List<String> attempts() {
        return attempts;
    }

    String message() {
        StringBuilder s = new StringBuilder();
        s.append("Cannot load native library '").append(name).append("'.");
        s.append("\nDetected platform: ").append(platform.describe());
        for (String line : platform.evidence()) {
            s.append("\n  - ").append(line);
        }
        for (String line : notes) {
            s.append("\n").append(line);
        }
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
