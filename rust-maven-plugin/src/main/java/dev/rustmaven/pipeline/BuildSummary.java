package dev.rustmaven.pipeline;

import dev.rustmaven.glibc.GlibcVersion;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The table a build ends with, one row per file: target, file, size, glibc floor and the time the target took
 * (targets one cargo built together share the time of that build, and a line under the table says so).
 * Plain ASCII in aligned columns, as Maven's own reports, so that it reads the same in a terminal, a CI log and
 * a file.
 */
public final class BuildSummary {

    private BuildSummary() {}

    /** One row: a file built (or reused) for a target. */
    record Row(String target, String file, String size, String glibc, String time) {}

    /** The table's lines for {@code result}, reading the files' sizes from disk. */
    public static List<String> lines(Pipeline.BuildResult result) {
        return lines(result, BuildSummary::size);
    }

    static List<String> lines(Pipeline.BuildResult result, Function<Path, OptionalLong> sizes) {
        List<Row> rows = new ArrayList<>();
        RustBuild.Result build = result.build();
        for (Target target : build.targets()) {
            String triple = target.triple();
            List<Path> files = new ArrayList<>();
            build.outputs().stream()
                    .filter(o -> o.target().triple().equals(triple))
                    .forEach(o -> files.add(o.output().file()));
            result.attachments().stream()
                    .filter(a -> a.type().equals("jar")
                            && (a.classifier().equals(triple) || a.classifier().endsWith("-" + triple)))
                    .forEach(a -> files.add(a.file()));
            GlibcVersion floor = build.glibcFloors().get(triple);
            Duration took = build.times().get(triple);
            String time = result.upToDate() ? "up to date" : took == null ? "" : seconds(took);
            if (files.isEmpty()) {
                rows.add(new Row(triple, "(nothing built)", "", floor == null ? "-" : floor.toString(), time));
            }
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                rows.add(new Row(
                        i == 0 ? triple : "",
                        f.getFileName().toString(),
                        sizes.apply(f).stream()
                                .mapToObj(BuildSummary::bytes)
                                .findFirst()
                                .orElse("?"),
                        i > 0 ? "" : floor == null ? "-" : floor.toString(),
                        i == 0 ? time : ""));
            }
        }
        List<String> lines = table(rows);
        if (!result.upToDate() && build.builtTogether().size() > 1) {
            // One cargo built them: what each target took alone is not known, so each shows the time of them all.
            lines.add("One cargo built " + build.builtTogether().size() + " targets together: the time of each is"
                    + " the time of them all.");
        }
        build.compilerCache().ifPresent(lines::add);
        return lines;
    }

    private static List<String> table(List<Row> rows) {
        Row header = new Row("Target", "File", "Size", "glibc", "Time");
        int[] width = {0, 0, 0, 0, 0};
        List<Row> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (Row r : all) {
            width[0] = Math.max(width[0], r.target().length());
            width[1] = Math.max(width[1], r.file().length());
            width[2] = Math.max(width[2], r.size().length());
            width[3] = Math.max(width[3], r.glibc().length());
            width[4] = Math.max(width[4], r.time().length());
        }
        List<String> lines = new ArrayList<>();
        lines.add("Rust build summary:");
        lines.add(format(header, width));
        lines.add(format(
                new Row(
                        "-".repeat(width[0]),
                        "-".repeat(width[1]),
                        "-".repeat(width[2]),
                        "-".repeat(width[3]),
                        "-".repeat(width[4])),
                width));
        rows.forEach(r -> lines.add(format(r, width)));
        return lines;
    }

    private static String format(Row r, int[] width) {
        String line = pad(r.target(), width[0]) + "  " + pad(r.file(), width[1]) + "  "
                + " ".repeat(width[2] - r.size().length()) + r.size() + "  " + pad(r.glibc(), width[3]) + "  "
                + " ".repeat(width[4] - r.time().length()) + r.time();
        return line.stripTrailing();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static OptionalLong size(Path file) {
        try {
            return OptionalLong.of(Files.size(file));
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** A size as Maven's transfer log writes it: B, kB, MB (powers of 1000). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1000 * 1000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1_000_000.0);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
