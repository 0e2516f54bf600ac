package dev.rustmaven.packaging;

import dev.rustmaven.cargo.CargoOutput;
import dev.rustmaven.log.BuildLog;
import dev.rustmaven.pipeline.BuiltOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Packs the shared libraries of a build for the class path: one jar per target (classifier = triple),
 * or, with {@code bundle}, into the project's own classes so the main jar carries them all.
 */
public final class NativePackaging {

    /** A per-target jar to attach. */
    public record TargetJar(String triple, Path jar) {}

    private final BuildLog log;

    public NativePackaging(BuildLog log) {
        this.log = log;
    }

    /**
     * Packs the shared libraries among {@code outputs}.
     *
     * @param jarBaseName the jar name before {@code -<triple>.jar}, e.g. {@code hello-1.0}
     * @param describe extra properties recorded for a library (e.g. its glibc floor)
     * @param bundleInto the classes directory when bundling, else empty
     * @return the jars to attach (none when bundling)
     */
    public List<TargetJar> pack(
            List<BuiltOutput> outputs,
            Path jarDirectory,
            String jarBaseName,
            Optional<Instant> timestamp,
            Function<BuiltOutput, Map<String, String>> describe,
            Optional<Path> bundleInto)
            throws IOException {
        List<NativeJar.Library> libraries = new ArrayList<>();
        for (BuiltOutput o : outputs) {
            if (o.output().kind() == CargoOutput.Kind.SHARED_LIBRARY) {
                libraries.add(
                        new NativeJar.Library(o.target().triple(), o.output().file(), describe.apply(o)));
            }
        }
        if (bundleInto.isPresent()) {
            for (Path p : NativeJar.copyInto(bundleInto.get(), libraries)) {
                log.info("Bundled " + bundleInto.get().relativize(p) + " into the main jar");
            }
            return List.of();
        }
        List<TargetJar> jars = new ArrayList<>();
        for (Map.Entry<String, List<NativeJar.Library>> e :
                NativeJar.byTriple(libraries).entrySet()) {
            Path jar = NativeJar.write(
                    jarDirectory.resolve(jarBaseName + "-" + e.getKey() + ".jar"), e.getValue(), timestamp);
            jars.add(new TargetJar(e.getKey(), jar));
        }
        return jars;
    }
}
