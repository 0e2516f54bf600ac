package dev.rustmaven.loader;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Run in child JVMs by {@link EndToEndTest}. Arguments: mode, jar, cache directory.
 * <ul>
 *   <li>{@code plain}: load from the jar, call {@link JniAdder#add}, print {@code sum 42} and the
 *       explanation of the load.</li>
 *   <li>{@code child}: define JniAdder in a child-first class loader, load with its own
 *       {@code System::load}, call it there, print {@code sum 42}.</li>
 *   <li>{@code child-default}: the same with the default linker; prints {@code unbound: ...}
 *       because JNI looks in the child loader, where nothing was loaded.</li>
 * </ul>
 */
public final class EndToEndMain {

    private EndToEndMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path jar = Paths.get(args[1]);
        Path cache = Paths.get(args[2]);
        URLClassLoader resources = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        if (mode.equals("plain")) {
            LoadedLibrary loaded = NativeLoader.load(
                    "adder",
                    LoadOptions.builder()
                            .classLoader(resources)
                            .cacheDirectory(cache)
                            .build());
            System.out.println("loaded " + loaded.file());
            System.out.println("sum " + JniAdder.add(20, 22));
            System.out.println(loaded.explanation());
            return;
        }
        ClassLoader child = new ChildFirst(jar, EndToEndMain.class.getClassLoader());
        Class<?> adder = Class.forName(JniAdder.class.getName(), true, child);
        if (adder.getClassLoader() != child) {
            throw new IllegalStateException("JniAdder was not defined by the child loader");
        }
        Method add = adder.getMethod("add", int.class, int.class);
        if (mode.equals("child")) {
            adder.getMethod("loadBoundHere", ClassLoader.class, Path.class).invoke(null, resources, cache);
            System.out.println("sum " + add.invoke(null, 20, 22));
            return;
        }
        NativeLoader.load(
                "adder",
                LoadOptions.builder()
                        .classLoader(resources)
                        .cacheDirectory(cache)
                        .build());
        try {
            System.out.println("sum " + add.invoke(null, 20, 22));
        } catch (InvocationTargetException e) {
            System.out.println("unbound: " + e.getCause());
        }
    }

    /** Defines JniAdder itself from the jar; everything else comes from the parent. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(Path jar, ClassLoader parent) throws Exception {
            super(new URL[] {jar.toUri().toURL()}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(JniAdder.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }
}
