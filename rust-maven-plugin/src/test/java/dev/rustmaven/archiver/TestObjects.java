package dev.rustmaven.archiver;

import dev.rustmaven.testing.Required;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Relocatable objects for any target rustc knows, compiled during the test from {@code #![no_core]} Rust
 * source, so that no standard library of the target is needed: the crate brings the few lang items rustc
 * asks for, and {@code RUSTC_BOOTSTRAP=1} lets the stable compiler accept those unstable features.
 */
final class TestObjects {

    private TestObjects() {}

    private static final String PRELUDE = """
            #![feature(no_core, lang_items, linkage, thread_local)]
            #![allow(internal_features)]
            #![no_core]
            #![crate_type = "lib"]
            #[lang = "pointee_sized"] pub trait PointeeSized {}
            #[lang = "meta_sized"] pub trait MetaSized: PointeeSized {}
            #[lang = "sized"] pub trait Sized: MetaSized {}
            #[lang = "copy"] pub trait Copy {}
            impl Copy for i32 {}
            #[lang = "drop_in_place"] pub unsafe fn drop_in_place<T: ?Sized>(_p: *mut T) {}
            """;

    /**
     * An object with several kinds of symbols, which the index must list as GNU ar does: the functions
     * {@code <p>_first} and {@code <p>_second}, the data {@code <P>_TOTAL}, the weak function
     * {@code <p>_weak} and the thread-local {@code <P>_TLS}; besides them it has a local static, an
     * undefined {@code <p>_missing}, section, file and ARM mapping symbols, none of which belong in it.
     */
    static String rich(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        String big = prefix.toUpperCase(Locale.ROOT);
        return """
                unsafe extern "C" { fn %1$s_missing() -> i32; }
                static mut %2$s_SECRET: i32 = 3;
                #[unsafe(no_mangle)] pub static mut %2$s_TOTAL: i32 = 7;
                #[thread_local] #[unsafe(no_mangle)] pub static mut %2$s_TLS: i32 = 5;
                #[unsafe(no_mangle)] pub extern "C" fn %1$s_first() -> *mut i32 { &raw mut %2$s_SECRET }
                #[unsafe(no_mangle)] pub extern "C" fn %1$s_second() -> i32 { unsafe { %1$s_missing() } }
                #[linkage = "weak"] #[unsafe(no_mangle)] pub extern "C" fn %1$s_weak() -> i32 { 2 }
                """.formatted(p, big);
    }

    /** The names {@link #rich} defines for the index, in no particular order. */
    static List<String> richSymbols(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        String big = prefix.toUpperCase(Locale.ROOT);
        return List.of(p + "_first", p + "_second", p + "_weak", big + "_TOTAL", big + "_TLS");
    }

    /**
     * Compiles Rust {@code items} for {@code triple} into {@code directory/name}; skips the calling test
     * loudly (fails it on CI) when this machine's rustc cannot.
     */
    static Path compile(Path directory, String triple, String name, String items) throws Exception {
        Path rustc = Tools.rustc();
        String crate = name.replaceAll("[^A-Za-z0-9_]", "_");
        Path source = directory.resolve(crate + ".rs");
        Files.writeString(source, PRELUDE + items, StandardCharsets.UTF_8);
        Path object = directory.resolve(name);
        Tools.Run compiled = Tools.run(
                List.of(
                        rustc.toString(),
                        "--target",
                        triple,
                        "--crate-name",
                        crate,
                        "--emit",
                        "obj",
                        "-C",
                        "panic=abort",
                        "-C",
                        "opt-level=s",
                        "-C",
                        "debuginfo=0",
                        "-C",
                        "force-unwind-tables=no",
                        "-o",
                        object.toString(),
                        source.toString()),
                Map.of("RUSTC_BOOTSTRAP", "1"),
                directory);
        Required.require(
                compiled.exit() == 0,
                "a rustc that compiles #![no_core] objects for " + triple + " with these lang items ("
                        + compiled.output().lines().findFirst().orElse("") + ")");
        return object;
    }
}
