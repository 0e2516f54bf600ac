package dev.rustmaven.cc;

import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables the {@code cc} crate (and {@code cmake} and most other build helpers) read for a target:
 * {@code CC_<triple>}, {@code CXX_<triple>}, {@code AR_<triple>}, {@code CFLAGS_<triple>} and
 * {@code CXXFLAGS_<triple>}, the triple written with underscores. A variable the user set in any of the
 * forms the {@code cc} crate reads ({@code CC_<triple>} with dashes or underscores, or {@code TARGET_CC}) is
 * left alone; so is everything when the user chose their own C compiler for the target.
 *
 * @param variables what to add to cargo's environment
 * @param leftToUser the variables through which the user already chose what the plugin would have set, each
 *     with the value the plugin would have given, so the log can tell the user what their value replaces
 */
public record CEnvironment(Map<String, String> variables, Map<String, String> leftToUser) {

    /** The kinds of variable, in the order they are set. */
    static final List<String> KINDS = List.of("CC", "CXX", "AR", "CFLAGS", "CXXFLAGS");

    public CEnvironment {
        variables = Map.copyOf(variables);
        leftToUser = Map.copyOf(leftToUser);
    }

    /**
     * The variables for {@code target}.
     *
     * @param archiver the archiver to use ({@code llvm-ar}, or the plugin's own)
     * @param userEnvironment the variables the user set (the build's environment and the plugin's
     *     {@code environment} setting together)
     */
    public static CEnvironment forTarget(
            Target target,
            CCompiler compiler,
            Path archiver,
            TargetHeaders headers,
            Map<String, String> userEnvironment) {
        List<String> flags = new ArrayList<>(ClangTarget.flags(target));
        flags.addAll(headers.flags(target));
        String joinedFlags = String.join(" ", flags);
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("CC", compiler.cc().toString());
        wanted.put("CXX", compiler.cxx().toString());
        wanted.put("AR", archiver.toString());
        wanted.put("CFLAGS", joinedFlags);
        wanted.put("CXXFLAGS", joinedFlags);
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> left = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            Optional<String> users = userSetting(e.getKey(), target, userEnvironment);
            if (users.isPresent()) {
                left.put(users.get(), e.getValue());
            } else {
                variables.put(variableName(e.getKey(), target), e.getValue());
            }
        }
        return new CEnvironment(variables, left);
    }

    /** {@code CC_armv7_unknown_linux_gnueabihf}: the name the plugin sets for {@code kind}. */
    public static String variableName(String kind, Target target) {
        return kind + "_" + target.triple().replace('-', '_').replace('.', '_');
    }

    /**
     * The name of the variable through which the user already chose {@code kind} for {@code target}, if any:
     * {@code <KIND>_<triple>}, {@code <KIND>_<triple_with_underscores>} or {@code TARGET_<KIND>}.
     */
    public static Optional<String> userSetting(String kind, Target target, Map<String, String> userEnvironment) {
        for (String name : List.of(kind + "_" + target.triple(), variableName(kind, target), "TARGET_" + kind)) {
            String value = userEnvironment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Whether the user chose their own C compiler for {@code target}: then the plugin sets nothing for C. */
    public static Optional<String> userCompiler(Target target, Map<String, String> userEnvironment) {
        return userSetting("CC", target, userEnvironment);
    }
}
