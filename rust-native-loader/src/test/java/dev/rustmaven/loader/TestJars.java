package dev.rustmaven.loader;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds jars laid out the way rust-maven-plugin packages native libraries. */
final class TestJars {

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** Adds {@code META-INF/native/<triple>/<file>} and, if {@code floor} is not null, its properties file. */
    TestJars library(String triple, String file, byte[] content, String floor) throws Exception {
        String path = NativeResources.libraryPath(triple, file);
        entries.put(path, content);
        if (floor != null) {
            properties(path, triple, floor, sha(content), content.length);
        }
        return this;
    }

    TestJars properties(String libraryPath, String triple, String floor, String sha256, long size) {
        StringBuilder p = new StringBuilder("# written by rust-maven-plugin\n")
                .append(NativeResources.TRIPLE)
                .append('=')
                .append(triple)
                .append('\n')
                .append(NativeResources.SHA256)
                .append('=')
                .append(sha256)
                .append('\n')
                .append(NativeResources.SIZE)
                .append('=')
                .append(size)
                .append('\n');
        if (!floor.isEmpty()) {
            p.append(NativeResources.GLIBC_FLOOR).append('=').append(floor).append('\n');
        }
        entries.put(
                libraryPath + NativeResources.PROPERTIES_SUFFIX,
                p.toString().getBytes(NativeResources.PROPERTIES_CHARSET));
        return this;
    }

    TestJars entry(String path, byte[] content) {
        entries.put(path, content);
        return this;
    }

    Path writeJar(Path jar) throws Exception {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        }
        return jar;
    }

    Path writeDirectory(Path dir) throws Exception {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        return dir;
    }

    static URLClassLoader loaderOf(Path jarOrDirectory) throws Exception {
        return new URLClassLoader(new URL[] {jarOrDirectory.toUri().toURL()}, null);
    }

    static String sha(byte[] content) throws Exception {
        return dev.rustmaven.loader.cache.LibraryCache.sha256(new ByteArrayInputStream(content));
    }
}
