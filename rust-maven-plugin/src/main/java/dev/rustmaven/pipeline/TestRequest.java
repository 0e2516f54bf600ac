package dev.rustmaven.pipeline;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything one {@code rust:test} needs to know, as the user configured it.
 *
 * @param build what to compile, as for a build; its targets are the targets whose tests run (empty: the host)
 * @param filter the name filter handed to each test binary, if any
 * @param runner the runner command line for targets that are not the host, if configured
 * @param reportsDirectory where the Surefire-compatible XML reports are written
 */
public record TestRequest(
        BuildRequest build, Optional<String> filter, Optional<String> runner, Path reportsDirectory) {}
