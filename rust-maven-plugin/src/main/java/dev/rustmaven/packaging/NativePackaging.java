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

    /**
     * What packing wrote.
     *
     * @param jars the jars to attach (none when bundling)
     * @param bundled the files copied into the classes directory (libraries and their properties), when bundling
     */
    public record Packed(List<TargetJar> jars, List<Path> bundled) {
        public Packed {
            jars = List.copyOf(jars);
            bundled = List.copyOf(bundled);
        }
    }

    private final BuildLog log;

    public NativePackaging(BuildLog log) {
        this.log = log;
    }

    /**
     * Packs shared libraries into per-target jars, or copies them into the classes directory.
     *
     * @param jarBaseName the jar name before {@code -<triple>.jar}, e.g. {@code hello-1.0}
     * @param bundleInto the classes directory when bundling, else empty
     * @return the jars to attach (none when bundling), and the files bundled
     */
    public Packed pack(
            List<NativeJar.Library> libraries,
            Path jarDirectory,
            String jarBaseName,
            Optional<Instant> timestamp,
            Optional<Path> bundleInto)
            throws IOException {
        if (bundleInto.isPresent()) {
            List<Path> bundled = new ArrayList<>();
            for (Path p : NativeJar.copyInto(bundleInto.get(), libraries)) {
                log.debug("Bundled " + bundleInto.get().relativize(p) + " into the main jar");
                bundled.add(p);
            }
            for (NativeJar.Library lib : libraries) {
                bundled.add(bundleInto.get().resolve(lib.propertiesPath()));
            }
            return new Packed(List.of(), bundled);
        }
        List<TargetJar> jars = new ArrayList<>();
        for (Map.Entry<String, List<NativeJar.Library>> e :
                NativeJar.byTriple(libraries).entrySet()) {
            Path jar = NativeJar.write(
                    jarDirectory.resolve(jarBaseName + "-" + e.getKey() + ".jar"), e.getValue(), timestamp);
            jars.add(new TargetJar(e.getKey(), jar));
        }
        return new Packed(jars, List.of());
    }
}
