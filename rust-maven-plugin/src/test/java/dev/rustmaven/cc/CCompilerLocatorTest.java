package dev.rustmaven.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.toolchain.ExecutableFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CCompilerLocatorTest {

    @TempDir
    Path dir;

    private Path tool(Path where, String name) throws IOException {
        Files.createDirectories(where);
        Path p = where.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private CCompilerLocator locator(Path... path) {
        StringBuilder joined = new StringBuilder();
        for (Path p : path) {
            joined.append(joined.length() == 0 ? "" : ":").append(p);
        }
        return new CCompilerLocator(
                new ExecutableFinder(Map.of("PATH", joined.toString()), dir.resolve("home"), false));
    }

    @Test
    void takesTheNewestVersionedClangWithItsOwnClangxxAndLlvmAr() throws IOException {
        Path bin = dir.resolve("bin");
        tool(bin, "clang-14");
        tool(bin, "clang-16");
        tool(bin, "clang++-16");
        tool(bin, "llvm-ar-14");
        tool(bin, "llvm-ar-16");
        tool(bin, "clang-format-17");

        CCompiler found = locator(bin).onPath().orElseThrow();

        assertThat(found.cc()).isEqualTo(bin.resolve("clang-16"));
        assertThat(found.cxx()).isEqualTo(bin.resolve("clang++-16"));
        assertThat(found.archiver()).contains(bin.resolve("llvm-ar-16"));
        assertThat(found.origin()).isEqualTo("the PATH");
    }

    @Test
    void plainClangComesFirstAndItsRealInstallationGivesTheArchiver() throws IOException {
        Path llvm = dir.resolve("llvm-15/bin");
        Path real = tool(llvm, "clang");
        tool(llvm, "llvm-ar");
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Files.createSymbolicLink(bin.resolve("clang"), real);
        tool(bin, "clang-18");

        CCompiler found = locator(bin).onPath().orElseThrow();

        assertThat(found.cc()).isEqualTo(bin.resolve("clang"));
        assertThat(found.cxx())
                .as("no clang++: clang compiles .cpp files as C++")
                .isEqualTo(bin.resolve("clang"));
        assertThat(found.archiver()).contains(llvm.resolve("llvm-ar"));
    }

    @Test
    void noClangAndNoArchiverAreSaidAsSuch() throws IOException {
        Path bin = dir.resolve("bin");
        tool(bin, "gcc");
        assertThat(locator(bin).onPath()).isEmpty();

        tool(bin, "clang-13");
        assertThat(locator(bin).onPath().orElseThrow().archiver()).isEmpty();
    }

    @Test
    void aConfiguredCompilerMustExist() throws IOException {
        Path bin = dir.resolve("bin");
        Path clang = tool(dir.resolve("opt"), "clang");

        assertThat(locator(bin).configured(clang.toString(), "<cc>").cc()).isEqualTo(clang);
        assertThat(locator(bin).configured(clang.toString(), "<cc>").origin()).isEqualTo("<cc>");
        assertThatThrownBy(() -> locator(bin).configured("clang-99", "<cc>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'clang-99' is not an executable file on the PATH")
                .hasMessageContaining(bin.toString());
        assertThatThrownBy(() -> locator(bin).configured("/nowhere/clang", "<cc>"))
                .hasMessageStartingWith("'/nowhere/clang' is not an executable file;");
    }
}
