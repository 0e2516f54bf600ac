package dev.rustmaven.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.system.HostSystem;
import dev.rustmaven.testing.Required;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LldLocatorTest {

    private static final String HOST = "x86_64-unknown-linux-gnu";

    @TempDir
    Path dir;

    private Path executable(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void explicitPathWinsOverEverythingElse() throws Exception {
        // given
        Path explicit = executable("mine/ld.lld");
        Path sysroot = dir.resolve("sysroot");
        executable("sysroot/lib/rustlib/" + HOST + "/bin/rust-lld");
        LldLocator locator = new LldLocator(List.of(executable("path/rust-lld").getParent()), "");

        // when
        Optional<LldLocator.Located> found = locator.locate(Optional.of(explicit), Optional.of(sysroot), HOST);

        // then
        assertThat(found).contains(new LldLocator.Located(explicit, LldLocator.EXPLICIT));
    }

    @Test
    void explicitPathThatDoesNotExistNamesTheParameter() {
        // given
        LldLocator locator = new LldLocator(List.of(), "");
        Path missing = dir.resolve("nope/rust-lld");

        // when / then
        assertThatThrownBy(() -> locator.locate(Optional.of(missing), Optional.empty(), HOST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an executable file")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void compilersSysrootComesBeforePath() throws Exception {
        // given
        Path sysroot = dir.resolve("sysroot");
        Path rustLld = executable("sysroot/lib/rustlib/" + HOST + "/bin/rust-lld");
        LldLocator locator = new LldLocator(List.of(executable("path/rust-lld").getParent()), "");

        // when
        Optional<LldLocator.Located> found = locator.locate(Optional.empty(), Optional.of(sysroot), HOST);

        // then
        assertThat(found).hasValueSatisfying(l -> {
            assertThat(l.path()).isEqualTo(rustLld);
            assertThat(l.origin()).contains("sysroot").contains(sysroot.toString());
        });
    }

    @Test
    void onPathRustLldInAnyDirectoryComesBeforeLdLld() throws Exception {
        // given
        Path first = executable("first/ld.lld").getParent();
        Path second = executable("second/rust-lld").getParent();
        LldLocator locator = new LldLocator(List.of(dir.resolve("empty"), first, second), "");

        // when
        Optional<LldLocator.Located> found =
                locator.locate(Optional.empty(), Optional.of(dir.resolve("no-sysroot")), HOST);

        // then
        assertThat(found).hasValueSatisfying(l -> {
            assertThat(l.path()).isEqualTo(second.resolve("rust-lld"));
            assertThat(l.origin()).startsWith("PATH");
        });
    }

    @Test
    void ldLldOnPathIsTheLastResort() throws Exception {
        // given
        Path bin = executable("bin/ld.lld").getParent();

        // when
        Optional<LldLocator.Located> found =
                new LldLocator(List.of(bin), "").locate(Optional.empty(), Optional.empty(), HOST);

        // then
        assertThat(found.map(LldLocator.Located::path)).contains(bin.resolve("ld.lld"));
    }

    @Test
    void windowsNamesCarryTheExeSuffix() throws Exception {
        // given
        Path sysroot = dir.resolve("sysroot");
        executable("sysroot/lib/rustlib/x86_64-pc-windows-msvc/bin/rust-lld");
        Path withSuffix = executable("sysroot/lib/rustlib/x86_64-pc-windows-msvc/bin/rust-lld.exe");

        // when
        Optional<LldLocator.Located> found = new LldLocator(List.of(), ".exe")
                .locate(Optional.empty(), Optional.of(sysroot), "x86_64-pc-windows-msvc");

        // then
        assertThat(found.map(LldLocator.Located::path)).contains(withSuffix);
    }

    @Test
    void aNonExecutableFileIsNotTaken() throws Exception {
        // given
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("rust-lld"), "not executable", StandardCharsets.UTF_8);

        // when
        Optional<LldLocator.Located> found =
                new LldLocator(List.of(bin), "").locate(Optional.empty(), Optional.empty(), HOST);

        // then
        assertThat(found).isEmpty();
    }

    @Test
    void findsTheRustupToolchainsRustLldOnThisMachine() throws Exception {
        // given
        Optional<Path> sysroot = HostToolchain.sysroot();
        Required.require(sysroot.isPresent(), "rustc on PATH (rustup stable) to ask for its sysroot");

        // when
        Optional<LldLocator.Located> found =
                LldLocator.forHost(HostSystem.current()).locate(Optional.empty(), sysroot, HostToolchain.host());

        // then
        assertThat(found).hasValueSatisfying(l -> {
            assertThat(l.path()).startsWith(sysroot.get()).endsWith(Path.of("rust-lld"));
            assertThat(Files.isExecutable(l.path())).isTrue();
        });
    }
}
