package dev.rustmaven.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AptSourcesTest {

    private static final String DEB822 = """
            Types: deb
            # a comment
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main
            """;

    @Test
    void findsTheArchiveOfASuiteInDeb822Sources() {
        assertThat(AptSources.archiveFor("bookworm", List.of(DEB822))).contains("http://mirror.example/debian");
        assertThat(AptSources.archiveFor("bookworm-security", List.of(DEB822)))
                .contains("http://mirror.example/debian-security");
        assertThat(AptSources.archiveFor("trixie", List.of(DEB822))).isEmpty();
    }

    @Test
    void findsItInOneLineSourcesWithOptionsAndSkipsSourceOnlyAndDisabledEntries() {
        String list = """
                deb-src http://src.example/debian bookworm main
                # deb http://commented.example/debian bookworm main
                deb [arch=amd64,armhf signed-by=/k.gpg] http://one.example/debian bookworm main contrib
                """;
        String disabled =
                "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nComponents: main\n" + "Enabled: no\n";

        assertThat(AptSources.archiveFor("bookworm", List.of(disabled, list))).contains("http://one.example/debian");
        assertThat(AptSources.archiveFor("bookworm", List.of("deb http://x.example/debian bookworm contrib")))
                .as("no main component")
                .isEmpty();
        assertThat(AptSources.archiveFor("bookworm", List.of())).isEmpty();
    }
}
