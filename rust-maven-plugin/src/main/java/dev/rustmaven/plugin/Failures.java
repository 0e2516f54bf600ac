package dev.rustmaven.plugin;

import dev.rustmaven.log.BuildLog;
import dev.rustmaven.pipeline.BuildException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Turns the core's problems into Maven's exceptions. The message is logged first so it shows in full
 * without {@code -e}: bad configuration and broken Rust code fail the build, anything else is an
 * execution error.
 */
final class Failures {

    private Failures() {}

    static void raise(BuildException e, BuildLog log) throws MojoExecutionException, MojoFailureException {
        log.error(e.getMessage());
        if (e.kind() == BuildException.Kind.ENVIRONMENT) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        throw new MojoFailureException(e.getMessage(), e);
    }
}
