package dev.rustmaven.packaging;

import dev.rustmaven.log.BuildLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * Packs shared libraries into per-target jars, or copies them into the classes directory.
     *
     * @param jarBaseName the jar name before {@code -<triple>.jar}, e.g. {@code hello-1.0}
     * @param bundleInto the classes directory when bundling, else empty
     * @return the jars to attach (none when bundling)
     */
    public List<TargetJar> pack(
            List<NativeJar.Library> libraries,
            Path jarDirectory,
            String jarBaseName,
            Optional<Instant> timestamp,
            Optional<Path> bundleInto)
            throws IOException {
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
