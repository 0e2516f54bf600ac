package dev.rustmaven.loader.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.loader.platform.FakeHost;
import dev.rustmaven.loader.platform.Host;
import dev.rustmaven.loader.platform.HostRequirement;
import dev.rustmaven.loader.platform.Platform;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache directories and their order, from recorded properties and environment. */
class CacheRootsTest {

    @Test
    void defaultCacheDirectoriesFollowXdgThenTmp() {
        // given
        FakeHost host = new FakeHost()
                .env("XDG_CACHE_HOME", "/home/pi/.xdg")
                .property("user.home", "/home/pi")
                .property("java.io.tmpdir", "/tmp")
                .property("user.name", "pi");
        FakeHost noXdg = new FakeHost().property("user.home", "/home/pi").property("java.io.tmpdir", "/tmp");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.LINUX).inOrder(null, "/opt/app/natives");
        List<Path> plain = new CacheRoots(noXdg, Platform.Os.LINUX).inOrder(null, null);

        // then
        assertThat(roots)
                .extracting(Path::toString)
                .containsExactly("/opt/app/natives", "/home/pi/.xdg/rust-native-loader", "/tmp/rust-native-loader-pi");
        assertThat(plain)
                .extracting(Path::toString)
                .containsExactly("/home/pi/.cache/rust-native-loader", "/tmp/rust-native-loader");
    }

    @Test
    void theDirectoryChosenInCodeComesFirstAbsoluteAndOnlyOnce() {
        // given
        FakeHost host = new FakeHost().property("java.io.tmpdir", "/tmp");
        Path relative = Paths.get("natives");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.LINUX)
                .inOrder(relative, relative.toAbsolutePath().toString());

        // then
        assertThat(roots).containsExactly(relative.toAbsolutePath(), Paths.get("/tmp/rust-native-loader"));
    }

    @Test
    void anEmptyConfiguredDirectoryIsNoDirectory() {
        // given
        FakeHost host = new FakeHost().property("java.io.tmpdir", "/tmp");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.LINUX).inOrder(null, "");

        // then
        assertThat(roots).extracting(Path::toString).containsExactly("/tmp/rust-native-loader");
    }

    @Test
    void aRelativeXdgCacheHomeIsIgnored() {
        // given
        FakeHost host = new FakeHost().env("XDG_CACHE_HOME", "relative/cache").property("user.home", "/home/pi");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.LINUX).inOrder(null, null);

        // then
        assertThat(roots).extracting(Path::toString).containsExactly("/home/pi/.cache/rust-native-loader");
    }

    @Test
    void macOsUsesLibraryCachesAndIgnoresXdg() {
        // given
        FakeHost host = new FakeHost().env("XDG_CACHE_HOME", "/Users/pi/.xdg").property("user.home", "/Users/pi");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.MACOS).inOrder(null, null);

        // then
        assertThat(roots).containsExactly(Paths.get("/Users/pi", "Library", "Caches", "rust-native-loader"));
    }

    @Test
    void windowsPrefersLocalAppDataThenTheHomeDirectorysAppDataLocal() {
        // given
        FakeHost withLocal =
                new FakeHost().env("LOCALAPPDATA", "/Users/pi/Local").property("user.home", "/Users/pi");
        FakeHost withoutLocal = new FakeHost().env("LOCALAPPDATA", "").property("user.home", "/Users/pi");

        // when
        List<Path> local = new CacheRoots(withLocal, Platform.Os.WINDOWS).inOrder(null, null);
        List<Path> home = new CacheRoots(withoutLocal, Platform.Os.WINDOWS).inOrder(null, null);

        // then
        assertThat(local).containsExactly(Paths.get("/Users/pi/Local", "rust-native-loader"));
        assertThat(home).containsExactly(Paths.get("/Users/pi", "AppData", "Local", "rust-native-loader"));
    }

    @Test
    void withoutHomeThereIsNoUserCacheAndTheUserNameIsMadeSafe() {
        // given
        FakeHost host = new FakeHost().property("java.io.tmpdir", "/tmp").property("user.name", "CORP\\pi user");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.LINUX).inOrder(null, null);

        // then
        assertThat(roots).extracting(Path::toString).containsExactly("/tmp/rust-native-loader-CORP_pi_user");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneUnderscoreToo() {
        // given
        FakeHost host = new FakeHost().property("java.io.tmpdir", "/tmp").property("user.name", "pi\uD83D\uDE00.é");

        // when
        List<Path> roots = new CacheRoots(host, Platform.Os.LINUX).inOrder(null, null);

        // then: one per character, as a regex replacing [^A-Za-z0-9._-] does
        assertThat(roots).extracting(Path::toString).containsExactly("/tmp/rust-native-loader-pi_._");
    }

    @Test
    void withNothingKnownThereIsNoDirectory() {
        // when
        List<Path> roots = new CacheRoots(new FakeHost(), Platform.Os.FREEBSD).inOrder(null, null);

        // then
        assertThat(roots).isEmpty();
    }

    @Test
    void theRootsAStartWithARecordLooksInAreThoseOfTheFullWay() {
        HostRequirement.require(System.getProperty("os.name").startsWith("Linux"), "start records are Linux's");

        assertThat(StartRecord.roots()).isEqualTo(new CacheRoots(Host.system(), Platform.Os.LINUX).inOrder(null, null));
    }
}
