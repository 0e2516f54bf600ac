package dev.rustmaven.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSystemTest {

    private static final HostSystem WINDOWS = new HostSystem(
            "Windows 11",
            "amd64",
            "C:\\jdk",
            "\\",
            ";",
            false,
            Map.of("Path", "C:\\Rust\\bin;;C:\\Windows", "CARGO_HOME", " "),
            Path.of("home"));
    private static final HostSystem LINUX = new HostSystem(
            "Linux",
            "amd64",
            "/usr/lib/jvm/java-17",
            "/",
            ":",
            true,
            Map.of("PATH", "/usr/bin::/bin"),
            Path.of("/root"));

    @Test
    @DisplayName("Windows is told by os.name, and gives .exe and the ; separated Path")
    void windows() {
        assertThat(WINDOWS.isWindows()).isTrue();
        assertThat(WINDOWS.exeSuffix()).isEqualTo(".exe");
        assertThat(WINDOWS.javaExecutable()).isEqualTo("C:\\jdk\\bin\\java.exe");
        assertThat(WINDOWS.pathDirectories()).containsExactly(Path.of("C:\\Rust\\bin"), Path.of("C:\\Windows"));
        assertThat(WINDOWS.env("CARGO_HOME"))
                .as("a blank variable counts as unset")
                .isEmpty();
    }

    @Test
    @DisplayName("Linux: no suffix, : separated PATH without empty entries")
    void linux() {
        assertThat(LINUX.isWindows()).isFalse();
        assertThat(LINUX.exeSuffix()).isEmpty();
        assertThat(LINUX.javaExecutable()).isEqualTo("/usr/lib/jvm/java-17/bin/java");
        assertThat(LINUX.pathDirectories()).containsExactly(Path.of("/usr/bin"), Path.of("/bin"));
    }

    @Test
    @DisplayName("cargo's and rustup's homes: their variables, else HOME (USERPROFILE on Windows), else user.home")
    void toolHomes() {
        Path jvm = Path.of("/home/pi");
        assertThat(HostSystem.cargoHome(Map.of("HOME", "/ci", "CARGO_HOME", "/opt/cargo"), jvm, false))
                .isEqualTo(Path.of("/opt/cargo"));
        assertThat(HostSystem.cargoHome(Map.of("HOME", "/ci"), jvm, false)).isEqualTo(Path.of("/ci/.cargo"));
        assertThat(HostSystem.rustupHome(Map.of("HOME", "/ci"), jvm, false)).isEqualTo(Path.of("/ci/.rustup"));
        assertThat(HostSystem.rustupHome(Map.of("HOME", "/ci", "RUSTUP_HOME", "/opt/rustup"), jvm, false))
                .isEqualTo(Path.of("/opt/rustup"));
        assertThat(HostSystem.cargoHome(Map.of("HOME", " ", "CARGO_HOME", ""), jvm, false))
                .as("blank variables count as unset")
                .isEqualTo(Path.of("/home/pi/.cargo"));
        assertThat(HostSystem.toolHome(Map.of("HOME", "/ci", "USERPROFILE", "/u"), jvm, true))
                .isEqualTo(Path.of("/u"));
        assertThat(WINDOWS.cargoHome(Map.of())).as("CARGO_HOME is blank there").isEqualTo(Path.of("home", ".cargo"));
        assertThat(LINUX.cargoHome(Map.of("CARGO_HOME", "/opt/cargo")))
                .as("the build's environment setting on top of the host's")
                .isEqualTo(Path.of("/opt/cargo"));
    }

    @Test
    @DisplayName("the directories searched from a linked directory are those of its real path")
    void searchedFromARealPath(@TempDir Path temp) throws Exception {
        Path dir = temp.toRealPath();
        Path real = Files.createDirectories(dir.resolve("real/crate"));
        Path link = Files.createSymbolicLink(
                Files.createDirectories(dir.resolve("links")).resolve("crate"), real);

        assertThat(HostSystem.searchedFrom(link))
                .startsWith(real, real.getParent())
                .doesNotContain(dir.resolve("links"))
                .endsWith(real.getRoot());
        assertThat(HostSystem.searchedFrom(Path.of("/not/there/x/..")))
                .as("a directory that does not exist is taken as given")
                .containsExactly(Path.of("/not/there"), Path.of("/not"), Path.of("/"));
    }

    @Test
    @DisplayName("the environment and home can be replaced, and the environment cannot be changed from outside")
    void copies() {
        java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of("A", "1"));
        HostSystem host = LINUX.withEnvironment(env).withUserHome(Path.of("/home/pi"));
        env.put("A", "2");
        assertThat(host.env("A")).contains("1");
        assertThat(host.userHome()).isEqualTo(Path.of("/home/pi"));
        assertThat(host.pathDirectories()).isEmpty();
    }
}
