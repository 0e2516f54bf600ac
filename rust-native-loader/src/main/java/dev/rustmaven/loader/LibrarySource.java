package dev.rustmaven.loader;

import java.util.List;

/** A place a library may be loaded from; {@link LoaderEngine} tries them in the documented order. */
interface LibrarySource {

    /**
     * Loads the library from this source.
     *
     * @param name the library name, as passed to {@link NativeLoader#load(String)}
     * @param triples the candidate triples, best first
     * @param report where each rejection is recorded, with its reason
     * @return what was loaded, or null to go on with the next source
     */
    LoadedLibrary load(String name, List<String> triples, LoadReport report);
}
