package dev.rustmaven.loader.platform;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@link Host} backed by the running JVM. */
final class SystemHost implements Host {

    static final SystemHost INSTANCE = new SystemHost();

    /** /proc files are small; anything bigger is not what we meant to read. */
    private static final int MAX_SMALL_FILE = 4 * 1024 * 1024;

    private SystemHost() {}

    @Override
    public String property(String key) {
        try {
            return System.getProperty(key);
        } catch (SecurityException e) {
            return null;
        }
    }

    @Override
    public String environment(String name) {
        try {
            return System.getenv(name);
        } catch (SecurityException e) {
            return null;
        }
    }

    @Override
    public byte[] readSmallFile(String path) {
        File f = new File(path);
        if (!f.canRead() || f.isDirectory()) {
            return null;
        }
        // java.io, not Files.newInputStream: NIO's channel classes are not loaded yet when an application starts
        try (InputStream in = new FileInputStream(f)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_SMALL_FILE) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    @Override
    public ByteSource open(String path) throws IOException {
        Path p = Paths.get(path);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        return ByteSource.of(p);
    }

    @Override
    public boolean exists(String path) {
        try {
            return Files.exists(Paths.get(path));
        } catch (SecurityException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String directory) {
        java.io.File[] files;
        try {
            files = new java.io.File(directory).listFiles();
        } catch (SecurityException e) {
            return Collections.emptyList();
        }
        if (files == null) {
            return Collections.emptyList();
        }
        List<String> names = new ArrayList<>();
        for (java.io.File f : files) {
            names.add(f.getName());
        }
        Collections.sort(names);
        return names;
    }
}
