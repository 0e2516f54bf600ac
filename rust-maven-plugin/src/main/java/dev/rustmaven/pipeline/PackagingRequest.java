package dev.rustmaven.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Where and how the shared libraries of a build are packed as jars.
 *
 * @param jarDirectory where the per-target jars are written
 * @param jarBaseName the jar name before {@code -<triple>.jar}, e.g. {@code hello-1.0}
 * @param timestamp the time stored in the jars' entries, for reproducible builds
 * @param bundleInto the classes directory when the libraries go into the main jar instead, else empty
 */
public record PackagingRequest(
        Path jarDirectory, String jarBaseName, Optional<Instant> timestamp, Optional<Path> bundleInto) {}
