package dev.rustmaven.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class loaders are searched for resources, and what a resource's URL says about its file. */
class ResourceLookupTest {

    static final String RESOURCE = "META-INF/native/arm-unknown-linux-gnueabihf/libadder.so";

    @TempDir
    Path temp;

    private URLClassLoader jarWithTheResource() throws Exception {
        TestJars jars = new TestJars().entry(RESOURCE, "lib".getBytes(StandardCharsets.US_ASCII));
        return TestJars.loaderOf(jars.writeJar(Files.createTempFile(temp, "natives", ".jar")));
    }

    @Test
    void aChosenClassLoaderIsTheOnlyOneSearched() throws Exception {
        // given
        URLClassLoader chosen = jarWithTheResource();

        // when
        ResourceLookup lookup = ResourceLookup.of(chosen);

        // then
        assertThat(lookup.loaders()).containsExactly(chosen);
        assertThat(lookup.find(RESOURCE)).isNotNull();
        assertThat(lookup.find("dev/rustmaven/loader/NativeLoader.class"))
                .as("not in the chosen jar")
                .isNull();
        assertThat(lookup.describe())
                .isEqualTo("java.net.URLClassLoader@" + Integer.toHexString(System.identityHashCode(chosen)));
    }

    @Test
    void withoutAChoiceTheLoadersOwnClassLoaderComesBeforeTheContextClassLoader() throws Exception {
        // given
        URLClassLoader context = jarWithTheResource();
        ClassLoader own = NativeLoader.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();

        // when
        ResourceLookup lookup;
        thread.setContextClassLoader(context);
        try {
            lookup = ResourceLookup.of(null);
        } finally {
            thread.setContextClassLoader(previous);
        }

        // then
        assertThat(lookup.loaders()).containsExactly(own, context);
        assertThat(lookup.find("dev/rustmaven/loader/NativeLoader.class"))
                .isEqualTo(own.getResource("dev/rustmaven/loader/NativeLoader.class"));
        assertThat(lookup.find(RESOURCE)).isEqualTo(context.getResource(RESOURCE));
        assertThat(lookup.find("META-INF/native/nowhere/libadder.so")).isNull();
        assertThat(lookup.describe()).contains(" and java.net.URLClassLoader@");
    }

    @Test
    void theContextClassLoaderIsNotSearchedTwice() {
        // given
        ClassLoader own = NativeLoader.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();

        // when
        ResourceLookup lookup;
        thread.setContextClassLoader(own);
        try {
            lookup = ResourceLookup.of(null);
        } finally {
            thread.setContextClassLoader(previous);
        }

        // then
        assertThat(lookup.loaders()).containsExactly(own);
    }

    @Test
    void onlyAFileUrlIsAPlainFile() throws Exception {
        // given
        Path file = Files.write(temp.resolve("libadder.so"), new byte[1]);
        URL inJar = jarWithTheResource().getResource(RESOURCE);

        // then
        assertThat(ResourceLookup.plainFile(file.toUri().toURL())).isEqualTo(file);
        assertThat(inJar.getProtocol()).isEqualTo("jar");
        assertThat(ResourceLookup.plainFile(inJar)).isNull();
        assertThat(ResourceLookup.plainFile(new URL("file://server/share/libadder.so")))
                .as("a UNC-style authority")
                .isNull();
    }
}
