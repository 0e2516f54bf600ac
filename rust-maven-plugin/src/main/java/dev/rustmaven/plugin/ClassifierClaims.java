package dev.rustmaven.plugin;

import dev.rustmaven.pipeline.BuildException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.project.MavenProject;

/**
 * Keeps two {@code rust:build} executions of one project that build different crates from attaching
 * artifacts with the same classifiers (and writing per-target jars of the same name), where the second
 * would silently replace the first: each classifier prefix (or none) belongs to one crate per project.
 */
final class ClassifierClaims {

    private static final String KEY = ClassifierClaims.class.getName() + ":";

    /** Who took a prefix: the execution and its crate. */
    record Claim(String executionId, Path crate) {}

    private ClassifierClaims() {}

    /**
     * Takes {@code prefix} for {@code crate} in {@code project}; the same crate may take it again (a goal run
     * twice in one build).
     *
     * @throws BuildException of kind configuration when another crate of the project took it
     */
    static void claim(MavenProject project, Optional<String> prefix, String executionId, Path crate)
            throws BuildException {
        String key = KEY + prefix.orElse("");
        Path normalized = crate.toAbsolutePath().normalize();
        Object earlier = project.getContextValue(key);
        if (earlier instanceof Claim claim && !claim.crate().equals(normalized)) {
            String classifiers = prefix.map(p -> "'" + p + "-<triple>'").orElse("'<triple>'");
            throw BuildException.configuration("The rust:build executions '" + claim.executionId() + "' (crate "
                    + claim.crate() + ") and '" + executionId + "' (crate " + normalized + ") of "
                    + project.getArtifactId() + " would both attach their outputs with the classifiers " + classifiers
                    + ", so one would replace the other. Set a different <classifierPrefix> in the configuration of"
                    + " one of them, e.g. <classifierPrefix>" + suggestion(normalized) + "</classifierPrefix>: its"
                    + " classifiers become '" + suggestion(normalized) + "-<triple>'.");
        }
        project.setContextValue(key, new Claim(executionId, normalized));
    }

    /** A prefix to suggest: the crate directory's name, made fit for a classifier. */
    static String suggestion(Path crate) {
        Path name = crate.getFileName();
        String s = name == null ? "" : name.toString().replaceAll("[^A-Za-z0-9._]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "native" : s;
    }
}
