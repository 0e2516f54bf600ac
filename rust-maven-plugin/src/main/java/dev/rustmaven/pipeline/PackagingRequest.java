package dev.rustmaven.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how the shared libraries of a build are packed as jars, and how its attachments are classified.
 *
 * @param jarDirectory where the per-target jars are written
 * @param jarBaseName the jar name before {@code -<triple>.jar}, e.g. {@code hello-1.0}
 * @param timestamp the time stored in the jars' entries, for reproducible builds
 * @param bundleInto the classes directory when the libraries go into the main jar instead, else empty
 * @param classifierPrefix put before every classifier (and into the per-target jar names) as
 *     {@code <prefix>-<triple>}, so that two crates of one project attach different artifacts; empty: none
 */
public record PackagingRequest(
        Path jarDirectory,
        String jarBaseName,
        Optional<Instant> timestamp,
        Optional<Path> bundleInto,
        Optional<String> classifierPrefix) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._]*(-[A-Za-z0-9._]+)*");

    public PackagingRequest {
        classifierPrefix = classifierPrefix.map(String::trim).filter(p -> !p.isEmpty());
    }

    /** A request without a classifier prefix. */
    public PackagingRequest(
            Path jarDirectory, String jarBaseName, Optional<Instant> timestamp, Optional<Path> bundleInto) {
        this(jarDirectory, jarBaseName, timestamp, bundleInto, Optional.empty());
    }

    /**
     * Checks a classifier prefix as written in the POM.
     *
     * @throws BuildException of kind configuration when it cannot be part of a classifier or file name
     */
    public static Optional<String> checkedPrefix(String value) throws BuildException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String prefix = value.trim();
        if (!PREFIX.matcher(prefix).matches()) {
            throw BuildException.configuration(
                    "<classifierPrefix> '" + value + "' cannot start a classifier: use"
                            + " letters, digits, '.', '_' and inner '-' only, e.g. <classifierPrefix>parser</classifierPrefix>");
        }
        return Optional.of(prefix);
    }

    /** {@code classifier} with the prefix in front, if there is one. */
    public String classify(String classifier) {
        return classifierPrefix.map(p -> p + "-" + classifier).orElse(classifier);
    }

    /** The jar name before {@code -<triple>.jar}, with the prefix. */
    public String prefixedJarBaseName() {
        return classifierPrefix.map(p -> jarBaseName + "-" + p).orElse(jarBaseName);
    }
}
