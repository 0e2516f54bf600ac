package dev.rustmaven.glibc;

import java.util.List;
import java.util.Optional;

/**
 * What the stub libraries for one (ABI, glibc floor) must contain: per library, each symbol at the newest
 * version the floor allows, and the version definitions. Made by {@link GlibcFloors#spec}.
 *
 * @param abi the ABI name
 * @param floor the glibc floor
 * @param dataSha256 the SHA-256 of the ABI data it was made from
 * @param libraries the libraries a program built for the floor links against
 */
public record StubSpec(String abi, GlibcVersion floor, String dataSha256, List<StubLibrary> libraries) {

    public StubSpec {
        libraries = List.copyOf(libraries);
    }

    /** The library with this soname, if it exists at the floor. */
    public Optional<StubLibrary> library(String soname) {
        return libraries.stream().filter(l -> l.soname().equals(soname)).findFirst();
    }

    /**
     * One stub library.
     *
     * @param soname its {@code DT_SONAME} and file name
     * @param versionNodes the version definitions it has at the floor, oldest first
     * @param symbols its symbols, sorted by name
     */
    public record StubLibrary(String soname, List<SymbolVersion> versionNodes, List<StubSymbol> symbols) {

        public StubLibrary {
            versionNodes = List.copyOf(versionNodes);
            symbols = List.copyOf(symbols);
        }

        /** The symbol with this name. */
        public Optional<StubSymbol> symbol(String name) {
            return symbols.stream().filter(s -> s.name().equals(name)).findFirst();
        }
    }

    /**
     * One symbol of a stub library.
     *
     * @param name the symbol name
     * @param version the version it is exposed at: the newest at or below the floor
     * @param type its type
     * @param size its size in bytes (0 for functions)
     * @param defaultVersion false when glibc at the floor only kept it for old binaries ({@code sym@VER}
     *     rather than {@code sym@@VER}), so that new links cannot bind to it
     */
    public record StubSymbol(String name, SymbolVersion version, SymbolType type, long size, boolean defaultVersion) {}
}
