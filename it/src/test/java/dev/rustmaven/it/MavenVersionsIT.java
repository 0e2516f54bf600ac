package dev.rustmaven.it;

import static dev.rustmaven.it.ItSupport.installed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.testing.Required;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The supported range in practice: the reactor fixture (three crate modules, packaging, attachments, two
 * executions in one module) built with {@code -T 2 install} by each Maven (the one running the ITs, and those
 * it/pom.xml unpacks from Maven Central into target/mavens) on each JDK of interest that the machine has.
 * The Maven running the ITs on the JDK running them is what every other IT does, so it is not repeated; JDKs
 * above 17 are tried with the oldest and the newest Maven only, to keep the test short.
 */
class MavenVersionsIT {

    private static final String GROUP = "dev.rustmaven.it.reactor";
    private static final List<Integer> JDKS = List.of(17, 21, 25);
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    /** A Maven installation and its version. */
    record Maven(String version, Path home) {}

    /** A JDK and its feature version. */
    record Jdk(int feature, Path home) {}

    @Test
    void theReactorBuildsAndInstallsWithEveryMavenOnEveryJdk() throws Exception {
        // given
        String host = ItSupport.hostTriple();
        List<Maven> mavens = mavens();
        Map<Integer, Jdk> jdks = jdks();
        List<Integer> absent = JDKS.stream().filter(f -> !jdks.containsKey(f)).toList();
        System.out.println(
                "MavenVersionsIT: Mavens " + mavens.stream().map(Maven::version).toList() + "; JDKs " + jdks.keySet()
                        + " present" + (absent.isEmpty() ? "" : ", " + absent + " absent (not tested)"));
        Required.require(jdks.containsKey(17), "JDK 17 (the minimum) in " + JVMS + " or running the ITs");

        // when / then: every Maven on JDK 17, every other JDK with the oldest and the newest Maven
        List<String> ran = new ArrayList<>();
        Maven running = mavens.get(0);
        Maven newest = mavens.get(mavens.size() - 1);
        int runningJdk = Runtime.version().feature();
        for (Maven maven : mavens) {
            for (Jdk jdk : jdks.values()) {
                boolean covered = maven == running && jdk.feature() == runningJdk;
                boolean inMatrix = jdk.feature() == 17 || maven == running || maven == newest;
                if (covered || !inMatrix) {
                    continue;
                }
                long start = System.nanoTime();
                buildReactor(maven, jdk, host);
                ran.add("Maven " + maven.version() + " on JDK " + jdk.feature() + " ("
                        + (System.nanoTime() - start) / 1_000_000_000 + " s)");
            }
        }
        System.out.println("MavenVersionsIT ran: " + String.join(", ", ran));
        assertThat(ran).hasSizeGreaterThanOrEqualTo(mavens.size() - 1);
    }

    private static void buildReactor(Maven maven, Jdk jdk, String host) throws Exception {
        String as = "reactor-maven-" + maven.version() + "-jdk" + jdk.feature();
        for (String module : List.of("mm-core", "mm-tool", "mm-duo")) {
            ItSupport.deleteRecursively(
                    installed(GROUP, module, "1.0", null, "pom").getParent());
        }
        Path project = ItSupport.projectAs("reactor", as);
        ItSupport.MavenResult result = ItSupport.maven(
                        project,
                        List.of("-T", "2", "install"),
                        false,
                        ItSupport.settings(),
                        Map.of(),
                        new ItSupport.Runtime(Optional.of(maven.home()), Optional.of(jdk.home())),
                        "rust.targets=" + host,
                        // Maven 3.9 and newer: list every plugin validation issue, so that one about this plugin fails.
                        "maven.plugin.validation=VERBOSE")
                .assertSuccess();
        String which = "Maven " + maven.version() + " on JDK " + jdk.feature() + " (" + project + "/build.log)";
        assertThat(result.log())
                .as(which)
                .contains("Attached 2 artifacts to " + GROUP + ":mm-duo:1.0 (so:beta-" + host + ", jar:beta-" + host
                        + ")");
        assertThat(pluginWarnings(result.log()))
                .as(which + ": warnings about the plugin")
                .isEmpty();
        for (String[] artifact : new String[][] {
            {"mm-core", host, "so"},
            {"mm-core", host, "jar"},
            {"mm-core", null, "jar"},
            {"mm-tool", host, "bin"},
            {"mm-duo", host, "so"},
            {"mm-duo", "beta-" + host, "so"},
            {"mm-duo", "beta-" + host, "jar"}
        }) {
            assertThat(installed(GROUP, artifact[0], "1.0", artifact[1], artifact[2]))
                    .as(which)
                    .isRegularFile();
        }
        assertThat(HostBuildIT.jarEntries(installed(GROUP, "mm-duo", "1.0", "beta-" + host, "jar")))
                .as(which)
                .contains("META-INF/native/" + host + "/libmm_beta.so")
                .noneMatch(e -> e.contains("libmm_alpha"));
    }

    /**
     * Warning lines of the log that name the plugin by its coordinates, as Maven's plugin validation report and
     * deprecation warnings do (the plugin's own warnings about the outputs do not).
     */
    static List<String> pluginWarnings(String log) {
        return log.lines()
                .filter(l -> l.contains("WARN"))
                .filter(l -> l.contains(ItSupport.PLUGIN_GROUP + ":rust-maven-plugin"))
                .toList();
    }

    /** The Maven running the ITs first, then those unpacked into target/mavens, each required. */
    private static List<Maven> mavens() throws IOException {
        List<Maven> mavens = new ArrayList<>();
        Path running = Path.of(System.getProperty("it.mavenHome"));
        mavens.add(new Maven(versionOf(running), running));
        Path unpacked = Path.of(System.getProperty("it.mavens"));
        for (String version : System.getProperty("it.mavenVersions").split(",")) {
            Path home = unpacked.resolve("apache-maven-" + version.strip());
            Required.require(
                    Files.isExecutable(home.resolve("bin/mvn")),
                    "Maven " + version + " in " + home + " (it/pom.xml unpacks it in pre-integration-test)");
            mavens.add(new Maven(versionOf(home), home));
        }
        return mavens;
    }

    /** A Maven installation's version, from the pom.properties in its maven-core jar (Debian names it 3.x). */
    static String versionOf(Path mavenHome) throws IOException {
        Pattern core = Pattern.compile("maven-core-.+\\.jar");
        Path jar;
        try (Stream<Path> libs = Files.list(mavenHome.resolve("lib"))) {
            jar = libs.filter(p -> core.matcher(p.getFileName().toString()).matches())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no maven-core jar in " + mavenHome + "/lib"));
        }
        try (java.util.zip.ZipFile zip =
                new java.util.zip.ZipFile(jar.toRealPath().toFile())) {
            var entry = zip.getEntry("META-INF/maven/org.apache.maven/maven-core/pom.properties");
            if (entry == null) {
                throw new IllegalStateException("no pom.properties in " + jar);
            }
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                p.load(in);
            }
            return p.getProperty("version");
        }
    }

    /** The JDKs of {@link #JDKS} the machine has: the one running the tests, and those in /usr/lib/jvm. */
    private static Map<Integer, Jdk> jdks() throws IOException {
        Map<Integer, Jdk> found = new TreeMap<>();
        Path runningHome = Path.of(System.getProperty("java.home"));
        found.put(Runtime.version().feature(), new Jdk(Runtime.version().feature(), runningHome));
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> homes = Files.list(JVMS)) {
                for (Path home : homes.sorted().toList()) {
                    featureOf(home)
                            .filter(f -> JDKS.contains(f) && Files.isExecutable(home.resolve("bin/javac")))
                            .ifPresent(f -> found.putIfAbsent(f, new Jdk(f, home)));
                }
            }
        }
        Map<Integer, Jdk> wanted = new LinkedHashMap<>();
        found.forEach((f, jdk) -> {
            if (JDKS.contains(f)) {
                wanted.put(f, jdk);
            }
        });
        return wanted;
    }

    /** The feature version a JDK's {@code release} file states (JAVA_VERSION="25.0.3"). */
    static Optional<Integer> featureOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
        Matcher m = Pattern.compile("(\\d+).*").matcher(version);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
