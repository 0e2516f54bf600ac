package dev.rustmaven.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void variablesNamedLikeSecretsAreMaskedOthersShown() {
        String shown = Secrets.environment(Map.of(
                "CARGO_REGISTRY_TOKEN", "t0ken",
                "CARGO_REGISTRIES_MINE_TOKEN", "t0ken2",
                "DB_PASSWORD", "pw",
                "AWS_SECRET_ACCESS_KEY", "s3cret",
                "RUSTFLAGS", "-C target-cpu=cortex-a72"));

        assertThat(shown)
                .isEqualTo("AWS_SECRET_ACCESS_KEY=**** CARGO_REGISTRIES_MINE_TOKEN=**** CARGO_REGISTRY_TOKEN=****"
                        + " DB_PASSWORD=**** RUSTFLAGS=-C target-cpu=cortex-a72");
    }

    @Test
    void passwordsInProxyUrlsAreMaskedTheRestOfTheUrlShown() {
        assertThat(Secrets.value("https_proxy", "http://alice:pr0xy%40pw@proxy.example:3128/"))
                .isEqualTo("http://alice:****@proxy.example:3128/");
        assertThat(Secrets.value("CARGO_HTTP_PROXY", "socks5://bob:x@10.0.0.1:1080"))
                .isEqualTo("socks5://bob:****@10.0.0.1:1080");
        assertThat(Secrets.value("HTTP_PROXY", "http://proxy.example:3128")).isEqualTo("http://proxy.example:3128");
    }

    @Test
    void tokensAssignedInArgumentsAreMaskedTheCommandShown() {
        String shown = Secrets.commandLine(List.of(
                "cargo",
                "build",
                "--release",
                "--config",
                "registries.mine.token=\"abc123\"",
                "--config",
                "http.proxy='http://u:p4ss@proxy:8080'"));

        assertThat(shown)
                .isEqualTo("cargo build --release --config registries.mine.token=**** --config"
                        + " http.proxy='http://u:****@proxy:8080'")
                .doesNotContain("abc123", "p4ss");
    }
}
