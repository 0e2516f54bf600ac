package dev.rustmaven.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableFinderTest {

    @TempDir
    Path dir;

    private Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void findsABareNameOnThePathInOrder() throws Exception {
        executable(dir.resolve("b/cargo"));
        Path first = executable(dir.resolve("a/cargo"));
        ExecutableFinder finder = new ExecutableFinder(
                Map.of("PATH", dir.resolve("a") + ":" + dir.resolve("b")), dir.resolve("home"), false);

        assertThat(finder.find("cargo")).contains(first);
    }

    @Test
    void skipsFilesThatAreNotExecutable() throws Exception {
        Path plain = dir.resolve("a/cargo");
        Files.createDirectories(plain.getParent());
        Files.writeString(plain, "");
        ExecutableFinder finder =
                new ExecutableFinder(Map.of("PATH", dir.resolve("a").toString()), dir.resolve("home"), false);

        assertThat(finder.find("cargo")).isEmpty();
    }

    @Test
    void fallsBackToCargoHomeThenToTheUsersCargoBin() throws Exception {
        Path inHome = executable(dir.resolve("home/.cargo/bin/rustc"));
        Path inCargoHome = executable(dir.resolve("cargo-home/bin/rustc"));

        assertThat(new ExecutableFinder(Map.of("PATH", ""), dir.resolve("home"), false).find("rustc"))
                .contains(inHome);
        assertThat(new ExecutableFinder(
                                Map.of("CARGO_HOME", dir.resolve("cargo-home").toString()), dir.resolve("home"), false)
                        .find("rustc"))
                .contains(inCargoHome);
    }

    @Test
    @DisplayName("cargo's bin directory is found by HOME, as cargo finds it, not by the JVM's user.home")
    void cargoBinFollowsHome() throws Exception {
        Path byHome = executable(dir.resolve("ci-home/.cargo/bin/rustc"));
        executable(dir.resolve("home/.cargo/bin/rustc"));

        ExecutableFinder finder = new ExecutableFinder(
                Map.of("PATH", "", "HOME", dir.resolve("ci-home").toString()), dir.resolve("home"), false);

        assertThat(finder.find("rustc")).contains(byHome);
        assertThat(finder.rustupHome()).isEqualTo(dir.resolve("ci-home/.rustup"));
    }

    @Test
    void anExplicitPathMustExist() throws Exception {
        Path cargo = executable(dir.resolve("opt/cargo"));
        ExecutableFinder finder = new ExecutableFinder(Map.of(), dir, false);

        assertThat(finder.find(cargo.toString())).contains(cargo);
        assertThat(finder.find(dir.resolve("opt/missing").toString())).isEmpty();
    }

    @Test
    void onWindowsTheExeSuffixIsFoundAndPathUsesSemicolons() throws Exception {
        Path exe = dir.resolve("w/cargo.exe");
        Files.createDirectories(exe.getParent());
        Files.writeString(exe, "MZ");
        ExecutableFinder finder =
                new ExecutableFinder(Map.of("Path", "C:\\nothing;" + dir.resolve("w")), dir.resolve("home"), true);

        assertThat(finder.find("cargo")).contains(exe);
    }
}
