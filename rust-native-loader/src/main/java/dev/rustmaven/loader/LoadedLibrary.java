package dev.rustmaven.loader;

import java.nio.file.Path;

/** A library that {@link NativeLoader} loaded: which file, for which triple, found how. */
public final class LoadedLibrary {

    /** Where the loaded file came from. */
    public enum Source {
        /** The exact file named by {@code dev.rustmaven.loader.library.<name>}. */
        FILE_PROPERTY,
        /** A directory listed in {@code dev.rustmaven.loader.path}. */
        LIBRARY_PATH_PROPERTY,
        /** A class path resource under {@code META-INF/native/<triple>/}, extracted to the cache. */
        CLASS_PATH,
        /** {@code java.library.path}, the last resort. */
        JAVA_LIBRARY_PATH
    }

    private final String name;
    private final Path file;
    private final String triple;
    /** Null for {@link Source#CLASS_PATH} when {@link #fromClassPath} made it. */
    private final Source source;

    private final String explanation;

    LoadedLibrary(String name, Path file, String triple, Source source) {
        this(name, file, triple, source, null);
    }

    private LoadedLibrary(String name, Path file, String triple, Source source, String explanation) {
        this.name = name;
        this.file = file;
        this.triple = triple;
        this.source = source;
        this.explanation = explanation;
    }

    /**
     * A library the cache supplied from the class path, for a start with a record: its {@link Source} is named when
     * asked, so that such a start does not load and initialize the enum.
     */
    static LoadedLibrary fromClassPath(String name, Path file, String triple) {
        return new LoadedLibrary(name, file, triple, null, null);
    }

    /** The same library with the explanation of how it was chosen. */
    LoadedLibrary explained(String text) {
        return new LoadedLibrary(name, file, triple, source, text);
    }

    /** The library name as passed to {@link NativeLoader#load(String)}. */
    public String name() {
        return name;
    }

    /** The file that was loaded. */
    public Path file() {
        return file;
    }

    /** The Rust target triple of the file, or null when not known (overrides, java.library.path). */
    public String triple() {
        return triple;
    }

    public Source source() {
        return source == null ? Source.CLASS_PATH : source;
    }

    /**
     * How this library was chosen: the detected platform with its evidence, the candidate triples,
     * and every candidate considered in order, with why it was skipped (not on the class path,
     * refused by its properties or its ELF headers, a cache directory that was unusable or noexec,
     * the JVM's load error) or how it was taken (extracted, or a verified copy reused). The same
     * text is printed to standard error with {@code -Ddev.rustmaven.loader.explain=true}.
     */
    public String explanation() {
        return explanation == null ? toString() : explanation;
    }

    @Override
    public String toString() {
        return name + " from " + (file == null ? "java.library.path" : file)
                + (triple == null ? "" : " (" + triple + ")") + " via "
                // Source.CLASS_PATH's name, without loading the enum for a start with a record
                + (source == null ? "CLASS_PATH" : source.name());
    }
}
