package dev.rustmaven.it.scripts;

import java.nio.file.Files;
import java.nio.file.Path;

/** The top of the repository, given by the build ({@code it.repositoryRoot}); checked, not guessed. */
final class RepositoryRoot {

    private RepositoryRoot() {}

    static Path get() {
        String value = System.getProperty("it.repositoryRoot");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property it.repositoryRoot is not set; run the tests through Maven (mvn -pl it test)");
        }
        Path root = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(".ci/run")) || !Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("it.repositoryRoot=" + root + " holds no .ci/run and README.md");
        }
        return root;
    }
}
