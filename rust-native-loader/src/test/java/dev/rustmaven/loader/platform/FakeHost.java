package dev.rustmaven.loader.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link Host} made of recorded facts: properties, environment and file contents by path. */
public final class FakeHost implements Host {

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();

    public FakeHost property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public FakeHost env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public FakeHost file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    public FakeHost file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String property(String key) {
        return properties.get(key);
    }

    @Override
    public String environment(String name) {
        return environment.get(name);
    }

    @Override
    public byte[] readSmallFile(String path) {
        return files.get(path);
    }

    @Override
    public ByteSource open(String path) throws IOException {
        byte[] content = files.get(path);
        return content == null ? null : ByteSource.of(content);
    }

    @Override
    public boolean exists(String path) {
        if (files.containsKey(path)) {
            return true;
        }
        for (String p : files.keySet()) {
            if (p.startsWith(path + "/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> list(String directory) {
        List<String> names = new ArrayList<>();
        for (String p : files.keySet()) {
            if (p.startsWith(directory + "/") && p.indexOf('/', directory.length() + 1) < 0) {
                names.add(p.substring(directory.length() + 1));
            }
        }
        Collections.sort(names);
        return names;
    }
}
