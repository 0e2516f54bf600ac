package dev.rustmaven.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.MavenInvocationException;

/**
 * Runs real Maven builds of small projects against the IT-private local repository that holds the
 * freshly built plugin, and finds what they installed there.
 */
final class ItSupport {

    static final String PLUGIN_GROUP = "dev.rustmaven";

    private ItSupport() {}

    static Path work() {
        return Path.of(required("it.work"));
    }

    static Path repo() {
        return Path.of(required("it.repo"));
    }

    static String pluginVersion() {
        return required("it.pluginVersion");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the ITs through"
                    + " Maven (mvn verify), which sets it in it/pom.xml");
        }
        return value;
    }

    /** Copies {@code examples/<name>} to a fresh directory of the IT work area. */
    static Path example(String name, String as) {
        return copy(Path.of(required("it.examples")).resolve(name), as);
    }

    /** Copies {@code src/test/projects/<name>} to a fresh directory of the IT work area. */
    static Path project(String name) {
        return projectAs(name, name);
    }

    /** Copies {@code src/test/projects/<name>} to the IT work area as {@code as}, next to the shared parent. */
    static Path projectAs(String name, String as) {
        Path projects = Path.of(required("it.projects"));
        copy(projects.resolve("it-parent"), "it-parent");
        return copy(projects.resolve(name), as);
    }

    private static Path copy(Path source, String as) {
        Path target = work().resolve(as);
        try {
            deleteRecursively(target);
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.getFileName().toString().equals("target") && !dir.equals(source)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(
                            target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(
                            file,
                            target.resolve(source.relativize(file).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + source + " to " + target, e);
        }
        return target;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * A settings.xml that lets IT builds take what they need from the developer's own local repository
     * (as a file: remote) before going to Maven Central, so a build seldom downloads anything.
     */
    static Path settings() throws IOException {
        return settings("settings.xml", "");
    }

    /** Like {@link #settings()}, written to {@code name}, with {@code extraXml} (such as a proxies element) added. */
    static Path settings(String name, String extraXml) throws IOException {
        Path file = work().resolve(name);
        String mainRepo = Path.of(required("it.mainRepo")).toUri().toString();
        String repository = """
                    <repository>
                      <id>local-mirror</id>
                      <url>%s</url>
                      <releases><enabled>true</enabled></releases>
                      <snapshots><enabled>false</enabled></snapshots>
                    </repository>""".formatted(mainRepo);
        String xml = """
                <settings>
                %s
                  <profiles>
                    <profile>
                      <id>it-local-mirror</id>
                      <repositories>
                %s
                      </repositories>
                      <pluginRepositories>
                %s
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>it-local-mirror</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(extraXml, repository, repository.replace("repository>", "pluginRepository>"));
        Files.createDirectories(work());
        Files.writeString(file, xml);
        return file;
    }

    /** The outcome of one Maven build: its exit code and its whole log. */
    record MavenResult(Path project, int exitCode, String log) {

        MavenResult assertSuccess() {
            if (exitCode != 0) {
                fail("Expected the build of " + project + " to succeed but it exited with " + exitCode + ":\n"
                        + tail());
            }
            return this;
        }

        MavenResult assertFailure() {
            if (exitCode == 0) {
                fail("Expected the build of " + project + " to fail but it succeeded:\n" + tail());
            }
            assertThat(log).contains("BUILD FAILURE");
            return this;
        }

        String tail() {
            List<String> lines = log.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        }
    }

    /** Runs Maven in {@code project} with the given goals and {@code -D} properties ("name=value"). */
    static MavenResult maven(Path project, List<String> goals, String... properties) throws Exception {
        return maven(project, goals, false, properties);
    }

    static MavenResult maven(Path project, List<String> goals, boolean offline, String... properties) throws Exception {
        return maven(project, goals, offline, settings(), properties);
    }

    static MavenResult maven(Path project, List<String> goals, boolean offline, Path settings, String... properties)
            throws Exception {
        return maven(project, goals, offline, settings, java.util.Map.of(), properties);
    }

    /** Runs Maven with {@code environment} set on top of this JVM's environment. */
    static MavenResult maven(
            Path project,
            List<String> goals,
            boolean offline,
            Path settings,
            java.util.Map<String, String> environment,
            String... properties)
            throws Exception {
        return maven(project, goals, offline, settings, environment, Runtime.DEFAULT, properties);
    }

    /**
     * The Maven and JDK a build runs with.
     *
     * @param mavenHome a Maven installation; empty: the Maven running the ITs
     * @param javaHome a JDK; empty: the one Maven would pick (JAVA_HOME, else the PATH)
     */
    record Runtime(java.util.Optional<Path> mavenHome, java.util.Optional<Path> javaHome) {
        static final Runtime DEFAULT = new Runtime(java.util.Optional.empty(), java.util.Optional.empty());
    }

    /** Runs Maven of {@code runtime} in {@code project}. */
    static MavenResult maven(
            Path project,
            List<String> goals,
            boolean offline,
            Path settings,
            java.util.Map<String, String> environment,
            Runtime runtime,
            String... properties)
            throws Exception {
        Properties props = new Properties();
        props.setProperty("rust-maven-plugin.version", pluginVersion());
        for (String p : properties) {
            int eq = p.indexOf('=');
            props.setProperty(p.substring(0, eq), p.substring(eq + 1));
        }
        StringBuilder log = new StringBuilder();
        InvocationRequest request = new DefaultInvocationRequest()
                .setBaseDirectory(project.toFile())
                .addArgs(goals)
                .setBatchMode(true)
                .setOffline(offline)
                .setShowErrors(true)
                .setNoTransferProgress(true)
                .setLocalRepositoryDirectory(repo().toFile())
                .setUserSettingsFile(settings.toFile())
                .setProperties(props)
                .setShellEnvironmentInherited(true)
                .setOutputHandler(line -> log.append(line).append('\n'))
                .setErrorHandler(line -> log.append(line).append('\n'));
        environment.forEach(request::addShellEnvironment);
        runtime.javaHome().ifPresent(home -> request.setJavaHome(home.toFile()));
        request.setTimeoutInSeconds((int) TimeUnit.MINUTES.toSeconds(20));
        DefaultInvoker invoker = new DefaultInvoker();
        invoker.setMavenHome(runtime.mavenHome()
                .orElseGet(() -> Path.of(required("it.mavenHome")))
                .toFile());
        InvocationResult result;
        try {
            result = invoker.execute(request);
        } catch (MavenInvocationException e) {
            throw new IllegalStateException("could not run Maven for " + project, e);
        }
        Files.writeString(project.resolve("build.log"), log, StandardCharsets.UTF_8);
        if (result.getExecutionException() != null) {
            throw new IllegalStateException("Maven did not run for " + project, result.getExecutionException());
        }
        return new MavenResult(project, result.getExitCode(), log.toString());
    }

    /** Where the IT repository holds an artifact. */
    static Path installed(String groupId, String artifactId, String version, String classifier, String type) {
        String name = artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
        return repo().resolve(groupId.replace('.', '/'))
                .resolve(artifactId)
                .resolve(version)
                .resolve(name);
    }

    /** The fully qualified rust:fetch goal of this build's plugin (for projects that do not declare it). */
    static String fetchGoal() {
        return PLUGIN_GROUP + ":rust-maven-plugin:" + pluginVersion() + ":fetch";
    }

    /** The rust-native-loader jar of this build, as installed in the IT repository. */
    static Path loaderJar() {
        return installed(PLUGIN_GROUP, "rust-native-loader", pluginVersion(), null, "jar");
    }

    /** The output of a finished program. */
    record ProgramResult(int exitCode, String output) {}

    /** Runs a program, waiting at most {@code timeoutSeconds}, with standard error merged into the output. */
    static ProgramResult run(List<String> command, long timeoutSeconds) throws Exception {
        return run(command, timeoutSeconds, Map.of());
    }

    /** Runs a program with these environment variables added to this JVM's. */
    static ProgramResult run(List<String> command, long timeoutSeconds, Map<String, String> environment)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] out;
        try (var in = process.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Timed out after " + timeoutSeconds + " s: " + command);
        }
        return new ProgramResult(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The host triple of the machine's rustc. */
    static String hostTriple() throws Exception {
        ProgramResult r = run(List.of(rustc(), "-vV"), 60);
        return r.output()
                .lines()
                .filter(l -> l.startsWith("host: "))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no host in rustc -vV: " + r.output()));
    }

    private static String rustc() {
        Path home = Path.of(System.getProperty("user.home"), ".cargo", "bin", "rustc");
        return Files.isExecutable(home) ? home.toString() : "rustc";
    }

    /** The java executable of the JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
