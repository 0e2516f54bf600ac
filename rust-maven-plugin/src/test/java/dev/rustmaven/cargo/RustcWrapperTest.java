package dev.rustmaven.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RustcWrapperTest {

    @TempDir
    Path dir;

    private Path config(String relativeDir, String text) throws Exception {
        Path file = dir.resolve(relativeDir).resolve(".cargo/config.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void rustcWrapperWinsOverTheConfigVariableAndFiles() throws Exception {
        Path file = config("crate", "[build]\nrustc-wrapper = \"from-file\"\n");

        assertThat(RustcWrapper.of(
                        Map.of("RUSTC_WRAPPER", "sccache", "CARGO_BUILD_RUSTC_WRAPPER", "other"), List.of(file)))
                .contains(new RustcWrapper("sccache", "RUSTC_WRAPPER"));
        assertThat(RustcWrapper.of(Map.of("CARGO_BUILD_RUSTC_WRAPPER", "other"), List.of(file)))
                .contains(new RustcWrapper("other", "CARGO_BUILD_RUSTC_WRAPPER"));
        assertThat(RustcWrapper.of(Map.of(), List.of(file))).contains(new RustcWrapper("from-file", file.toString()));
    }

    @Test
    void anEmptyVariableMeansNoWrapperEvenWhenAFileSetsOne() throws Exception {
        Path file = config("crate", "[build]\nrustc-wrapper = \"sccache\"\n");

        assertThat(RustcWrapper.of(Map.of("RUSTC_WRAPPER", ""), List.of(file))).isEmpty();
        assertThat(RustcWrapper.of(Map.of(), List.of())).isEmpty();
    }

    @Test
    void theNearestFileThatSetsOneWinsAndARelativePathIsRelativeToTheDirectoryHoldingCargo() throws Exception {
        Path near = config("ws/crate", "[build]\njobs = 2\n");
        Path middle = config("ws", "[build]\nrustc-wrapper = \"tools/sccache\"\n");
        Path far = config("", "[build]\nrustc-wrapper = \"far\"\n");

        assertThat(RustcWrapper.of(Map.of(), List.of(near, middle, far)))
                .contains(new RustcWrapper(dir.resolve("ws/tools/sccache").toString(), middle.toString()));
    }

    @Test
    void knowsSccacheByItsFileName() {
        assertThat(new RustcWrapper("sccache", "RUSTC_WRAPPER").isSccache()).isTrue();
        assertThat(new RustcWrapper("/opt/bin/sccache", "RUSTC_WRAPPER").isSccache())
                .isTrue();
        assertThat(new RustcWrapper("C:\\tools\\SCCACHE.EXE", "RUSTC_WRAPPER").isSccache())
                .isTrue();
        assertThat(new RustcWrapper("/usr/bin/ccache", "RUSTC_WRAPPER").isSccache())
                .isFalse();
        assertThat(new RustcWrapper("/opt/sccache/wrap", "RUSTC_WRAPPER").isSccache())
                .isFalse();
    }
}
