package dev.rustmaven.loader;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Finds class path resources in the class loaders a load searches, and says which ones they were. */
final class ResourceLookup {

    private final List<ClassLoader> loaders;

    private ResourceLookup(List<ClassLoader> loaders) {
        this.loaders = Collections.unmodifiableList(loaders);
    }

    /**
     * The class loader chosen in {@link LoadOptions} alone; without one, the loader's own class
     * loader and then the thread's context class loader (where application servers put the
     * application's jars).
     */
    static ResourceLookup of(ClassLoader chosen) {
        List<ClassLoader> loaders = new ArrayList<>();
        if (chosen != null) {
            loaders.add(chosen);
            return new ResourceLookup(loaders);
        }
        ClassLoader own = NativeLoader.class.getClassLoader();
        loaders.add(own != null ? own : ClassLoader.getSystemClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && !loaders.contains(context)) {
            loaders.add(context);
        }
        return new ResourceLookup(loaders);
    }

    List<ClassLoader> loaders() {
        return loaders;
    }

    /** The resource from the first class loader that has it, or null. */
    URL find(String resource) {
        for (ClassLoader loader : loaders) {
            URL url = loader.getResource(resource);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    /** The class loaders searched, by class and identity, for "not on the class path of ...". */
    String describe() {
        List<String> names = new ArrayList<>();
        for (ClassLoader l : loaders) {
            names.add(l.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(l)));
        }
        return String.join(" and ", names);
    }

    /** The file a resource is, if it is a plain file (an exploded class path), else null. */
    static Path plainFile(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
