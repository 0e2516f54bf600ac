package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one file is published: the Maven classifier and type (which is also the file extension).
 *
 * <ul>
 *   <li>classifier: the target triple, or {@code <triple>-<name>} when a crate builds several executables
 *       (or two outputs would otherwise collide);</li>
 *   <li>type: the file's extension ({@code so}, {@code a}, {@code dylib}, {@code dll}, {@code exe}), or
 *       {@code bin} for an executable without one (Linux, macOS).</li>
 * </ul>
 *
 * @param file the file to attach
 * @param type the artifact type and extension
 * @param classifier the artifact classifier
 */
public record Attachment(Path file, String type, String classifier) {

    /** The type of executables whose file name has no extension. */
    public static final String EXECUTABLE_TYPE = "bin";

    /** A per-target jar of shared libraries, classified by its triple (with the execution's prefix, if any). */
    public static Attachment jar(String classifier, Path jar) {
        return new Attachment(jar, "jar", classifier);
    }

    /** Plans the attachments for every output of a build. */
    public static List<Attachment> plan(List<BuiltOutput> outputs) {
        Map<String, Long> executablesPerTarget = new HashMap<>();
        for (BuiltOutput o : outputs) {
            if (o.output().kind() == CargoOutput.Kind.EXECUTABLE) {
                executablesPerTarget.merge(o.target().triple(), 1L, Long::sum);
            }
        }
        List<Attachment> planned = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (BuiltOutput o : outputs) {
            String triple = o.target().triple();
            String type = o.output().extension().isEmpty()
                    ? EXECUTABLE_TYPE
                    : o.output().extension();
            boolean severalExecutables = o.output().kind() == CargoOutput.Kind.EXECUTABLE
                    && executablesPerTarget.getOrDefault(triple, 0L) > 1;
            String classifier = severalExecutables ? triple + "-" + o.output().targetName() : triple;
            if (seen.merge(classifier + ":" + type, 1, Integer::sum) > 1) {
                classifier = triple + "-" + o.output().targetName();
            }
            planned.add(new Attachment(o.output().file(), type, classifier));
        }
        return planned;
    }
}
