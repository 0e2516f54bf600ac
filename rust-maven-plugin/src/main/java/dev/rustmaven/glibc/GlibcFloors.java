package dev.rustmaven.glibc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Answers what glibc looked like at a floor: which libraries exist, which version of each symbol a
 * program linked for that floor gets, and from which floor on a symbol exists.
 */
public final class GlibcFloors {

    private GlibcFloors() {}

    /**
     * Fails unless {@code floor} is between Rust's minimum (2.17) and the newest release in the data.
     *
     * @throws IllegalArgumentException naming the allowed range (the caller names the setting)
     */
    public static void check(GlibcAbi abi, GlibcVersion floor) {
        if (floor.compareTo(GlibcVersion.RUST_MINIMUM) < 0 || floor.isNewerThan(abi.release())) {
            throw new IllegalArgumentException(
                    "glibc floor " + floor + " is not supported for " + abi.abi() + ": "
                            + "the floor must be between " + GlibcVersion.RUST_MINIMUM
                            + " (the oldest glibc Rust's standard library supports) and " + abi.release()
                            + " (the newest in the plugin's glibc ABI data), for example 2.28 for Debian 10 / Raspberry Pi OS buster");
        }
    }

    /** Every floor from 2.17 to the data's release, one per minor release. */
    public static List<GlibcVersion> floors(GlibcAbi abi) {
        List<GlibcVersion> floors = new ArrayList<>();
        GlibcVersion min = GlibcVersion.RUST_MINIMUM;
        for (int minor = min.minor(); minor <= abi.release().minor(); minor++) {
            floors.add(new GlibcVersion(min.major(), minor, 0));
        }
        return floors;
    }

    /**
     * The stub contents for {@code floor}. Libraries glibc merged into libc (libpthread, libdl, librt,
     * libutil at 2.34) appear only below their merge release, with the contents they had then.
     *
     * @throws IllegalArgumentException when the floor is out of range (see {@link #check})
     */
    public static StubSpec spec(GlibcAbi abi, GlibcVersion floor) {
        check(abi, floor);
        List<StubSpec.StubLibrary> libraries = new ArrayList<>();
        for (GlibcAbi.Library library : abi.libraries()) {
            if (!library.existsAt(floor)) {
                continue;
            }
            TreeSet<SymbolVersion> nodes = new TreeSet<>();
            List<StubSpec.StubSymbol> symbols = new ArrayList<>();
            for (GlibcAbi.Symbol symbol : library.symbols()) {
                symbol.entries().stream().filter(e -> isPresent(e, floor)).forEach(e -> nodes.add(e.version()));
                select(symbol, floor).ifPresent(symbols::add);
            }
            libraries.add(new StubSpec.StubLibrary(library.soname(), List.copyOf(nodes), symbols));
        }
        return new StubSpec(abi.abi(), floor, abi.dataSha256(), libraries);
    }

    /** The stub contents of the shipped data for {@code abi}; see {@link #spec(GlibcAbi, GlibcVersion)}. */
    public static StubSpec spec(String abi, GlibcVersion floor) {
        return spec(GlibcAbi.load(abi), floor);
    }

    /**
     * The lowest floor at which some library exports {@code symbol} for new links, empty when no supported
     * floor does.
     */
    public static Optional<GlibcVersion> lowestFloorWith(GlibcAbi abi, String symbol) {
        for (GlibcVersion floor : floors(abi)) {
            for (GlibcAbi.Library library : abi.libraries()) {
                if (library.existsAt(floor)
                        && library.symbols().stream()
                                .filter(s -> s.name().equals(symbol))
                                .anyMatch(s -> select(s, floor)
                                        .map(StubSpec.StubSymbol::defaultVersion)
                                        .orElse(false))) {
                    return Optional.of(floor);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Explains an undefined {@code symbol} at {@code floor}, e.g. "{@code getrandom} does not exist at glibc
     * 2.24; the lowest floor that has it is 2.25".
     *
     * @param floorSetting the setting that chose the floor, as the user names it
     */
    public static String missingSymbolMessage(GlibcAbi abi, String symbol, GlibcVersion floor, String floorSetting) {
        Optional<GlibcVersion> lowest = lowestFloorWith(abi, symbol);
        if (lowest.isEmpty()) {
            return "`" + symbol + "` is not exported by glibc for " + abi.abi() + " at any floor up to " + abi.release()
                    + ": it must come from another library or be defined by the crate";
        }
        if (lowest.get().compareTo(floor) <= 0) {
            return "`" + symbol + "` exists at glibc " + floor + " (since " + lowest.get() + ")";
        }
        return "`" + symbol + "` does not exist at glibc " + floor + "; the lowest floor that has it is "
                + lowest.get() + " (set " + floorSetting + " to " + lowest.get()
                + " or higher, or avoid the function)";
    }

    private static boolean isPresent(GlibcAbi.Entry entry, GlibcVersion floor) {
        return entry.version().isAllowedAt(floor)
                && entry.since().map(s -> s.compareTo(floor) <= 0).orElse(true);
    }

    private static Optional<StubSpec.StubSymbol> select(GlibcAbi.Symbol symbol, GlibcVersion floor) {
        return symbol.entries().stream()
                .filter(e -> isPresent(e, floor))
                .max(Comparator.comparing(GlibcAbi.Entry::version))
                .map(e -> new StubSpec.StubSymbol(
                        symbol.name(),
                        e.version(),
                        symbol.type(),
                        e.size(),
                        symbol.removed().map(r -> floor.compareTo(r) < 0).orElse(true)));
    }
}
