package dev.rustmaven.distribution;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which files of a component's payload to install, by their path inside the payload ({@code lib/...}).
 * A filtered install is cached apart from a full one, under a directory suffixed with {@link #name()}.
 *
 * @param name names the selection in the cache layout; empty for everything
 * @param keep true for payload paths ({@code /}-separated) to install
 */
public record PayloadFilter(String name, Predicate<String> keep) {

    /** The whole payload. */
    public static final PayloadFilter ALL = new PayloadFilter("", path -> true);

    public PayloadFilter {
        Objects.requireNonNull(keep, "keep");
        if (name == null || !name.matches("[a-z0-9-]*")) {
            throw new IllegalArgumentException("A payload filter name is lower-case letters, digits and '-': " + name);
        }
    }

    /**
     * From the {@code rustc} component of {@code host}: the linker {@code rust-lld} (with its {@code gcc-ld}
     * wrappers) and the LLVM shared library it loads from {@code lib/}; about a tenth of the component.
     */
    public static PayloadFilter linker(String host) {
        String bin = "lib/rustlib/" + host + "/bin/";
        return new PayloadFilter(
                "lld",
                path -> path.equals(bin + "rust-lld")
                        || path.startsWith(bin + "gcc-ld/")
                        || (path.startsWith("lib/libLLVM") && path.indexOf('/', "lib/".length()) < 0));
    }

    /** Whether this filter keeps everything. */
    public boolean isAll() {
        return name.isEmpty();
    }
}
