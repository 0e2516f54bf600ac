package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Jars already published carry this layout: these names must never change. */
class NativeResourcesTest {

    @Test
    void aLibraryAndItsPropertiesLiveUnderMetaInfNativeAndTheTriple() {
        // given
        String triple = "armv7-unknown-linux-gnueabihf";

        // when
        String library = NativeResources.libraryPath(triple, "libadder.so");
        String properties = NativeResources.propertiesPath(triple, "libadder.so");

        // then
        assertThat(library).isEqualTo("META-INF/native/armv7-unknown-linux-gnueabihf/libadder.so");
        assertThat(properties).isEqualTo("META-INF/native/armv7-unknown-linux-gnueabihf/libadder.so.properties");
        assertThat(library).startsWith(NativeResources.ROOT);
    }

    @Test
    void thePropertyKeysAndTheirEncodingAreFixed() {
        // given / when / then
        assertThat(NativeResources.TRIPLE).isEqualTo("triple");
        assertThat(NativeResources.SHA256).isEqualTo("sha256");
        assertThat(NativeResources.SIZE).isEqualTo("size");
        assertThat(NativeResources.GLIBC_FLOOR).isEqualTo("glibc.floor");
        assertThat(NativeResources.PROPERTIES_CHARSET).isEqualTo(StandardCharsets.ISO_8859_1);
    }
}
