import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Turns the benchmarks' results (tools/benchmarks/README.md describes the file) into the site's page: the
 * goals of issue 17 with what was measured, every measurement's min / median / max, and an SVG chart of each
 * goal's result as a share of its budget, then {@code notes.md} from beside the results when there is one. Run by
 * the site build (pom.xml, phase pre-site) from the committed
 * results, so the page and the chart always show the numbers of the file:
 *
 * <pre>java tools/benchmarks/BenchmarkReport.java results.tsv page.md chart.svg</pre>
 */
public final class BenchmarkReport {

    /** One measured quantity: its unit, the samples of every run, what it is. */
    record Measure(String key, String unit, double[] samples, String description) {
        double min() {
            return Arrays.stream(samples).min().orElseThrow();
        }

        double max() {
            return Arrays.stream(samples).max().orElseThrow();
        }

        double median() {
            return BenchmarkReport.median(samples);
        }
    }

    /**
     * How a goal's result is worked out, and its bound. a, b and c are one run's measurements, and the result is the
     * median over the runs; when the sides were measured a different number of times, they are their medians.
     */
    enum Kind {
        /** result = a - b - c, at most the goal */
        DIFFERENCE_AT_MOST,
        /** result = (a - b) / c or a / c when b is empty, at most the goal */
        RATIO_AT_MOST,
        /** result = a / c, more than the goal */
        RATIO_ABOVE,
        /** result = a, at most the goal */
        VALUE_AT_MOST,
        /** result = the smallest sample of each key, every one equal to the goal */
        ALL_EQUAL
    }

    record Goal(String title, Kind kind, List<String> keys, double goal, String unit, String how) {}

    static final List<Goal> GOALS = List.of(
            new Goal(
                    "No-op build, one target: overhead",
                    Kind.DIFFERENCE_AT_MOST,
                    List.of("noop.plugin.one", "noop.skip.one", "noop.cargo.one"),
                    150,
                    "ms",
                    "mvn -o package with the plugin, minus the same with -Drust.skip, minus cargo's own no-op build"),
            new Goal(
                    "No-op build, four targets: overhead",
                    Kind.DIFFERENCE_AT_MOST,
                    List.of("noop.plugin.four", "noop.skip.four", "noop.cargo.four"),
                    300,
                    "ms",
                    "as above, the host and three Pi targets"),
            new Goal(
                    "No-op build, one target, rustup's proxies: overhead",
                    Kind.DIFFERENCE_AT_MOST,
                    List.of("noop.rustup.one", "noop.rustupskip.one", "noop.rustupcargo.one"),
                    150,
                    "ms",
                    "as the first row, with rustc and cargo rustup's proxies (what a new user has)"),
            new Goal(
                    "Full build, four targets: plugin / plain cargo",
                    Kind.RATIO_AT_MOST,
                    List.of("build.plugin.four", "build.skip.four", "build.cargo.four"),
                    1.03,
                    "x",
                    "(mvn package - the same with -Drust.skip) / the plugin's cargo commands run one after the other"),
            new Goal(
                    "Full build, four targets: one by one / all at once",
                    Kind.RATIO_ABOVE,
                    List.of("build.serial.four", "", "build.plugin.four"),
                    1.0,
                    "x",
                    "the plugin's build with the targets one after the other over the same with all at once"),
            new Goal(
                    "Fetch one rust-std: plugin / curl + xz + tar",
                    Kind.RATIO_AT_MOST,
                    List.of("fetch.plugin", "", "fetch.curl_then_untar"),
                    1.2,
                    "x",
                    "cold cache, loopback mirror with a real-size manifest"),
            new Goal(
                    "Fetch four rust-std: one by one / in parallel",
                    Kind.RATIO_ABOVE,
                    List.of("fetch.plugin.4serial", "", "fetch.plugin.4parallel"),
                    1.0,
                    "x",
                    "the same four targets fetched one after the other over all at once"),
            new Goal(
                    "Fetch four rust-std from a distant mirror: one by one / in parallel",
                    Kind.RATIO_ABOVE,
                    List.of("fetch.distant.4serial", "", "fetch.distant.4parallel"),
                    1.0,
                    "x",
                    "as above, the mirror sending each connection at most 8 MiB/s (1 MiB window, 125 ms round trip)"),
            new Goal(
                    "Read the real channel manifest (cold JVM)",
                    Kind.VALUE_AT_MOST,
                    List.of("manifest.read.cold"),
                    100,
                    "ms",
                    "about 1 MB, 108 rust-std targets, the tables one fetch needs"),
            new Goal(
                    "Linker front end / rust-lld directly",
                    Kind.RATIO_AT_MOST,
                    List.of("linker.native", "", "linker.direct"),
                    1.10,
                    "x",
                    "one real link through the front end over rust-lld with the same arguments"),
            new Goal(
                    "Loader, warm: first NativeLoader.load over System.load",
                    Kind.DIFFERENCE_AT_MOST,
                    List.of("loader.warm", "loader.plain", ""),
                    2,
                    "ms",
                    "fresh JVM each, the library already in the loader's cache"),
            new Goal(
                    "Output size: identical bytes to plain cargo",
                    Kind.ALL_EQUAL,
                    List.of("size.release.identical", "size.size.identical"),
                    1,
                    "",
                    "the release and the size profile, x86_64 libjni_hello.so"),
            new Goal(
                    "Memory: Maven JVM peak over plain Java",
                    Kind.DIFFERENCE_AT_MOST,
                    List.of("rss.plugin.four", "rss.java", ""),
                    64,
                    "MiB",
                    "peak RSS in a four-target full build minus mvn package of the module as plain Java"));

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java BenchmarkReport.java <results.tsv> <page.md> <chart.svg>");
            System.exit(2);
        }
        Path results = Path.of(args[0]);
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, Measure> measures;
        try {
            measures = read(results, meta);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        List<Row> rows = evaluate(measures);
        // What the numbers mean, written by hand next to the results: where the time goes, what is left.
        Path notes = results.resolveSibling("notes.md");
        String page = page(meta, measures, rows);
        if (Files.isRegularFile(notes)) {
            page += "\n" + Files.readString(notes, StandardCharsets.UTF_8);
        }
        write(Path.of(args[1]), page);
        write(Path.of(args[2]), chart(rows));
    }

    private static void write(Path file, String text) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Reads the results: {@code #meta<TAB>name<TAB>value} lines and measurement lines. */
    static Map<String, Measure> read(Path file, Map<String, String> meta) throws IOException {
        Map<String, Measure> measures = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("#meta") && f.length == 3) {
                meta.put(f[1], f[2]);
                continue;
            }
            if (f.length != 4 || f[2].isBlank()) {
                throw new IllegalArgumentException(file + ":" + number
                        + ": expected <key> TAB <unit> TAB <samples> TAB <description>, got: " + line);
            }
            double[] samples;
            try {
                samples = Arrays.stream(f[2].trim().split(" +"))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + number + ": a sample is not a number: " + f[2]);
            }
            if (measures.put(f[0], new Measure(f[0], f[1], samples, f[3])) != null) {
                throw new IllegalArgumentException(file + ":" + number + ": " + f[0] + " measured twice");
            }
        }
        return measures;
    }

    /** A goal and what the results say about it: empty when a measurement is missing. */
    record Row(Goal goal, Optional<Double> result, String unjudged) {
        boolean met() {
            double r = result.orElseThrow();
            return switch (goal.kind()) {
                case RATIO_ABOVE -> r > goal.goal();
                case ALL_EQUAL -> r == goal.goal();
                default -> r <= goal.goal();
            };
        }

        /** The result as a share of the budget (1 = exactly the goal), for the chart. */
        double share() {
            double r = result.orElseThrow();
            return switch (goal.kind()) {
                case RATIO_ABOVE -> goal.goal() / r;
                case ALL_EQUAL -> r == goal.goal() ? 0.5 : 2;
                default -> r / goal.goal();
            };
        }
    }

    static List<Row> evaluate(Map<String, Measure> m) {
        List<Row> rows = new ArrayList<>();
        for (Goal g : GOALS) {
            rows.add(new Row(g, result(g, m), unjudged(g, m).orElse("")));
        }
        return rows;
    }

    /** Fewer runs of a timing or memory measurement than this, and its goal is not judged. */
    static final int MIN_RUNS = 3;

    /** Why the results cannot judge {@code g}: a measurement missing, or with too few runs to have a median. */
    static Optional<String> unjudged(Goal g, Map<String, Measure> m) {
        for (String key : g.keys()) {
            if (key.isEmpty()) {
                continue;
            }
            Measure measure = m.get(key);
            if (measure == null) {
                return Optional.of("not measured");
            }
            boolean varies = measure.unit().equals("ms") || measure.unit().equals("MiB");
            if (varies && measure.samples().length < MIN_RUNS) {
                return Optional.of("inconclusive (" + key + ": " + measure.samples().length + " run"
                        + (measure.samples().length == 1 ? "" : "s") + ", fewer than " + MIN_RUNS + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<Double> result(Goal g, Map<String, Measure> m) {
        if (unjudged(g, m).isPresent()) {
            return Optional.empty();
        }
        List<String> k = g.keys();
        switch (g.kind()) {
            case VALUE_AT_MOST:
                return Optional.of(m.get(k.get(0)).median());
            case ALL_EQUAL:
                double all = g.goal();
                for (String key : k) {
                    if (m.get(key).min() != g.goal()) {
                        all = m.get(key).min();
                    }
                }
                return Optional.of(all);
            default:
                // The scripts take each run's measurements in turn: each run's own difference or ratio, then their
                // median, so that a slow minute of the machine, which slows every side of that run, cancels out.
                // Sides measured a different number of times cannot be paired: the medians are combined instead.
                List<Measure> sides =
                        k.stream().filter(key -> !key.isEmpty()).map(m::get).toList();
                int runs = sides.get(0).samples().length;
                if (sides.stream().anyMatch(side -> side.samples().length != runs)) {
                    return Optional.of(combine(g.kind(), k, key -> m.get(key).median()));
                }
                double[] perRun = new double[runs];
                for (int i = 0; i < runs; i++) {
                    int run = i;
                    perRun[i] = combine(g.kind(), k, key -> m.get(key).samples()[run]);
                }
                return Optional.of(median(perRun));
        }
    }

    /** a - b - c for a difference, (a - b) / c for a ratio; an empty key counts as nothing. */
    private static double combine(Kind kind, List<String> k, ToDoubleFunction<String> value) {
        double a = value.applyAsDouble(k.get(0));
        double b = k.get(1).isEmpty() ? 0 : value.applyAsDouble(k.get(1));
        if (kind == Kind.DIFFERENCE_AT_MOST) {
            return a - b - (k.get(2).isEmpty() ? 0 : value.applyAsDouble(k.get(2)));
        }
        return (a - b) / value.applyAsDouble(k.get(2));
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }


    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    static String describe(Row row) {
        if (row.result().isEmpty()) {
            return row.unjudged();
        }
        Goal g = row.goal();
        if (g.kind() == Kind.ALL_EQUAL) {
            return row.met() ? "identical" : "different";
        }
        return format(row.result().get()) + (g.unit().isEmpty() ? "" : " " + g.unit());
    }

    static String bound(Goal g) {
        return switch (g.kind()) {
            case RATIO_ABOVE -> "> " + format(g.goal()) + " " + g.unit();
            case ALL_EQUAL -> "identical";
            default -> "<= " + format(g.goal()) + " " + g.unit();
        };
    }

    static String page(Map<String, String> meta, Map<String, Measure> measures, List<Row> rows) {
        StringBuilder p = new StringBuilder();
        p.append("# Benchmarks\n\n");
        p.append("<!-- Generated by tools/benchmarks/BenchmarkReport.java from src-site/benchmarks/results.tsv"
                + " during mvn site: edit those, not the generated page. -->\n\n");
        p.append("What the plugin costs next to the plain tools, measured side by side in one run of"
                + " `tools/benchmarks/run.sh` (see [Developing](developing.html#Benchmarks)). The goals are ratios"
                + " against the plain tool or differences from it, so that they hold on a busy machine. A run"
                + " measures every side of a goal in turn, and each result is the median over the runs of that"
                + " run's own difference or ratio: a slow minute of the machine slows every side of a run, and"
                + " cancels out. (Sides measured a different number of times are combined from their medians.)\n\n");
        p.append("| | |\n|---|---|\n");
        for (Map.Entry<String, String> e : meta.entrySet()) {
            p.append("| ").append(cell(e.getKey())).append(" | ").append(cell(e.getValue())).append(" |\n");
        }
        p.append("\n## Goals\n\n");
        p.append("![Each goal's result as a share of its budget](images/benchmarks.svg)\n\n");
        p.append("| Goal | Result | Bound | Met | How |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            p.append("| ")
                    .append(cell(r.goal().title()))
                    .append(" | ")
                    .append(describe(r))
                    .append(" | ")
                    .append(cell(bound(r.goal())))
                    .append(" | ")
                    .append(r.result().isEmpty() ? "-" : r.met() ? "yes" : "**no**")
                    .append(" | ")
                    .append(cell(r.goal().how()))
                    .append(" |\n");
        }
        p.append("\n## Measurements\n\n");
        p.append("| Key | What | Unit | Runs | Min | Median | Max |\n|---|---|---|---|---|---|---|\n");
        for (Measure m : measures.values()) {
            p.append("| `")
                    .append(m.key())
                    .append("` | ")
                    .append(cell(m.description()))
                    .append(" | ")
                    .append(m.unit())
                    .append(" | ")
                    .append(m.samples().length)
                    .append(" | ")
                    .append(format(m.min()))
                    .append(" | ")
                    .append(format(m.median()))
                    .append(" | ")
                    .append(format(m.max()))
                    .append(" |\n");
        }
        return p.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A horizontal bar per measured goal: its result as a share of the budget, the goal at 1. */
    static String chart(List<Row> rows) {
        List<Row> shown = rows.stream().filter(r -> r.result().isPresent()).toList();
        int labelWidth = 400;
        int barWidth = 360;
        int rowHeight = 26;
        int top = 40;
        double scaleMax = 3.0;
        int height = top + rowHeight * Math.max(shown.size(), 1) + 40;
        int width = labelWidth + barWidth + 140;
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"13\">\n",
                width,
                height,
                width,
                height));
        s.append("<title>Each goal's result as a share of its budget (1 = the goal; shorter is better)</title>\n");
        s.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"20\" font-weight=\"bold\">Result / goal (1 = the goal; shorter is better;"
                        + " cut at %s)</text>\n",
                labelWidth,
                format(scaleMax)));
        int y = top;
        for (Row r : shown) {
            double share = r.share();
            double drawn = Math.min(share, scaleMax);
            int w = (int) Math.round(drawn / scaleMax * barWidth);
            String colour = r.met() ? "#2e7d32" : "#c62828";
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    labelWidth - 8,
                    y + 17,
                    xml(r.goal().title())));
            s.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                    labelWidth,
                    y + 4,
                    Math.max(w, 1),
                    rowHeight - 8,
                    colour));
            s.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\">%s (goal %s)</text>\n",
                    labelWidth + Math.max(w, 1) + 6,
                    y + 17,
                    xml(describe(r)),
                    xml(bound(r.goal()))));
            y += rowHeight;
        }
        int goalX = labelWidth + (int) Math.round(1.0 / scaleMax * barWidth);
        s.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>\n",
                goalX,
                top,
                goalX,
                y + 4));
        s.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">goal</text>\n", goalX, y + 20));
        s.append("</svg>\n");
        return s.toString();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
