package dev.rustmaven.pipeline;

import dev.rustmaven.fs.Sha256;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The key of a {@link BuildStamp}: everything besides the files that decides what a build makes. Two builds with
 * equal keys and unchanged files make the same outputs.
 */
final class StampKey {

    private StampKey() {}

    /**
     * The environment variables of the host that cargo, rustc, build scripts and the C compilers they start
     * read: cargo's and rustc's own, the {@code cc} crate's, pkg-config's, bindgen's, and the search path.
     */
    static final Pattern ENVIRONMENT = Pattern.compile("CARGO.*|RUST.*|(CC|CXX|AR|RANLIB|CFLAGS|CXXFLAGS|CPPFLAGS"
            + "|LDFLAGS|ARFLAGS|CRATE_CC_NO_DEFAULTS|PKG_CONFIG[A-Z_]*)(_.*)?|(TARGET|HOST)_.*|BINDGEN_.*"
            + "|LIBCLANG_PATH|CLANG_PATH|SDKROOT|MACOSX_DEPLOYMENT_TARGET|PATH|LD_LIBRARY_PATH|HOME|USERPROFILE|XDG_CACHE_HOME"
            + "|SOURCE_DATE_EPOCH|DOCS_RS|NUM_JOBS|OPT_LEVEL|DEBUG|PROFILE");

    /** What a build is about besides the request: the plugin, the toolchain, the packing. */
    record Context(
            String pluginVersion,
            Optional<Path> pluginCode,
            Toolchain toolchain,
            List<Target> targets,
            PackagingRequest packaging,
            PipelineSettings settings) {}

    /**
     * The key of a build.
     *
     * @param buildScriptEnvironment further variables the build scripts declared they read (set or not)
     */
    static SortedMap<String, String> of(
            BuildRequest request, Context context, Collection<String> buildScriptEnvironment) {
        SortedMap<String, String> key = new TreeMap<>();
        key.put("plugin", context.pluginVersion());
        context.pluginCode()
                .ifPresent(code -> key.put("plugin.code", BuildStamp.state(code).orElse("unreadable")));

        key.put("config.crate", request.crateDirectory().toAbsolutePath().toString());
        // where it really is: a link re-pointed to another checkout is another crate
        key.put("config.crate.real", realPath(request.crateDirectory()));
        key.put("config.targets", context.targets().stream().map(Target::triple).collect(Collectors.joining(",")));
        key.put("config.profile", request.profile());
        key.put("config.features", String.join(",", request.features()));
        key.put("config.allFeatures", Boolean.toString(request.allFeatures()));
        key.put("config.noDefaultFeatures", Boolean.toString(request.noDefaultFeatures()));
        key.put("config.cargoArgs", hash(String.join("\u0000", request.cargoArgs()))); // may hold a token or a password
        key.put("config.cargo", request.cargo().orElse(""));
        key.put("config.rustc", request.rustc().orElse(""));
        key.put("config.version", request.rustVersion().orElse(""));
        key.put("config.cargoTargetDirectory", request.cargoTargetDirectory().toString());

        PipelineSettings s = context.settings();
        key.put("config.offline", Boolean.toString(s.offline()));
        key.put("config.distServer", hash(s.distServer().root().toString())); // may hold a token or a password
        key.put("config.cacheDirectory", s.cacheRoot().toString());
        key.put("config.workDirectory", s.workDirectory().toString());
        key.put("config.linker", s.linker().map(Path::toString).orElse(""));
        key.put("config.linking", s.linking().linking().toString());
        key.put("config.glibc", s.linking().defaultFloor().toString());
        key.put("config.glibcFloors", new TreeMap<>(s.linking().floorPerTarget()).toString());
        key.put("config.sysroot", s.linking().sysroot().map(Path::toString).orElse(""));
        key.put("config.cc", s.c().compiler().orElse(""));
        key.put("config.debianMirror", hash(s.c().debianMirror().orElse(""))); // may hold a token or a password
        key.put("config.debianSuite", s.c().debianSuite().orElse(""));
        key.put(
                "config.debianKeyring",
                s.c().debianKeyring().map(Path::toString).orElse(""));

        PackagingRequest p = context.packaging();
        key.put("config.jarDirectory", p.jarDirectory().toString());
        key.put("config.jarBaseName", p.jarBaseName());
        key.put("config.outputTimestamp", p.timestamp().map(Object::toString).orElse(""));
        key.put("config.bundle", p.bundleInto().map(Path::toString).orElse(""));
        key.put("config.classifierPrefix", p.classifierPrefix().orElse(""));

        Toolchain t = context.toolchain();
        key.put("toolchain.cargo", t.cargo().toString());
        key.put("toolchain.rustc", t.rustc().toString());
        key.put("toolchain.version", t.info().versionLine());
        key.put("toolchain.commit", t.info().commitHash());
        key.put("toolchain.llvm", t.info().llvmVersion());
        key.put("toolchain.sysroot", t.sysroot().toString());

        Map<String, String> host = s.host().environment();
        TreeSet<String> names = new TreeSet<>(buildScriptEnvironment);
        host.keySet().stream().filter(n -> ENVIRONMENT.matcher(n).matches()).forEach(names::add);
        for (String name : names) {
            key.put("env." + name, hash(host.get(name)));
        }
        // The environment parameter is applied over the host's and can set anything.
        new TreeMap<>(request.environment())
                .forEach((name, value) -> key.put("config.environment." + name, hash(value)));
        return key;
    }

    /** A value as the stamp stores it: a hash, so that secrets in the environment never land on disk. */
    static String hash(String value) {
        return value == null
                ? "unset"
                : Sha256.of(value.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** The names of the variables the key lists, to carry the build scripts' ones to the next key. */
    static List<String> environmentNames(SortedMap<String, String> key) {
        return key.keySet().stream()
                .filter(k -> k.startsWith("env."))
                .map(k -> k.substring("env.".length()))
                .toList();
    }

    private static String realPath(Path directory) {
        try {
            return directory.toRealPath().toString();
        } catch (IOException e) {
            return "unresolved";
        }
    }
}
