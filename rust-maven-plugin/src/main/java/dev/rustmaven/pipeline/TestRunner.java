package dev.rustmaven.pipeline;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the test binaries of a target are started: directly on the host, else through a runner, chosen in
 * this order: the {@link Setting#RUNNER} setting, the user's {@code CARGO_TARGET_<TRIPLE>_RUNNER}, qemu-user
 * for the target's architecture found on the PATH.
 *
 * @param prefix the runner's command line, put before the test binary; empty on the host
 * @param description where the runner came from, for the log
 */
public record TestRunner(List<String> prefix, String description) {

    public TestRunner {
        prefix = List.copyOf(prefix);
    }

    /** The command line that runs {@code executable} with {@code arguments}. */
    public List<String> command(Path executable, List<String> arguments) {
        List<String> command = new ArrayList<>(prefix);
        command.add(executable.toString());
        command.addAll(arguments);
        return command;
    }

    /**
     * Chooses the runner for {@code target}.
     *
     * @param hostTriple the host's triple: its binaries run directly
     * @param runnerSetting the runner the user configured for every target that is not the host, if any
     * @param environment the build's environment (for {@code CARGO_TARGET_<TRIPLE>_RUNNER})
     * @param sysroot the target root, given to qemu as {@code -L} for gnu targets
     * @param find looks an executable up on the PATH
     */
    public static TestRunner choose(
            Target target,
            String hostTriple,
            Optional<String> runnerSetting,
            Function<String, Optional<String>> environment,
            Optional<Path> sysroot,
            Function<String, Optional<Path>> find,
            SettingNames names)
            throws BuildException {
        if (target.triple().equals(hostTriple)) {
            return new TestRunner(List.of(), "the host");
        }
        if (runnerSetting.isPresent()) {
            return new TestRunner(words(runnerSetting.get()), names.name(Setting.RUNNER));
        }
        String variable = "CARGO_TARGET_" + target.cargoEnvName() + "_RUNNER";
        Optional<String> fromEnvironment = environment.apply(variable);
        if (fromEnvironment.isPresent()) {
            return new TestRunner(words(fromEnvironment.get()), variable);
        }
        Optional<String> qemu = qemuName(target);
        if (qemu.isEmpty()) {
            throw BuildException.configuration("No runner for the tests of " + target.triple()
                    + ": the plugin knows no qemu-user for its architecture '" + target.arch() + "'. Set "
                    + names.name(Setting.RUNNER) + " or " + variable + " to a command that runs its executables.");
        }
        Optional<Path> found = find.apply(qemu.get()).or(() -> find.apply(qemu.get() + "-static"));
        if (found.isEmpty()) {
            throw BuildException.configuration("No runner for the tests of " + target.triple() + ": neither "
                    + qemu.get() + " nor " + qemu.get() + "-static is on the PATH. Install qemu-user"
                    + " (Debian: apt-get install qemu-user-static), or set " + names.name(Setting.RUNNER) + " or "
                    + variable + " to a command that runs " + target.triple() + " executables.");
        }
        List<String> prefix = new ArrayList<>(List.of(found.get().toString()));
        if (target.arch().equals("arm")) {
            // ARMv6 (Pi 1, Pi Zero): ARMv7 instructions must fail here as they do on the Pi.
            prefix.addAll(List.of("-cpu", "arm1176"));
        }
        if (target.isGnu()) {
            if (sysroot.isEmpty()) {
                throw BuildException.configuration("The tests of " + target.triple() + " are dynamically linked"
                        + " against glibc, and qemu needs a root holding the target's libraries to run them: set "
                        + names.name(Setting.SYSROOT) + " to an unpacked Raspberry Pi OS or Debian root of that"
                        + " architecture, set " + names.name(Setting.RUNNER) + ", or test a musl target instead.");
            }
            prefix.addAll(List.of("-L", sysroot.get().toString()));
        }
        return new TestRunner(prefix, found.get().getFileName() + " on the PATH");
    }

    /** The qemu-user program for {@code target}'s architecture, if the plugin knows one. */
    static Optional<String> qemuName(Target target) {
        String arch = target.arch();
        if (arch.startsWith("arm") || arch.startsWith("thumb")) {
            return Optional.of(arch.endsWith("eb") ? "qemu-armeb" : "qemu-arm");
        }
        if (arch.equals("aarch64")) {
            return Optional.of("qemu-aarch64");
        }
        if (arch.startsWith("riscv64")) {
            return Optional.of("qemu-riscv64");
        }
        if (arch.equals("x86_64")) {
            return Optional.of("qemu-x86_64");
        }
        if (arch.matches("i[3-6]86")) {
            return Optional.of("qemu-i386");
        }
        return Optional.empty();
    }

    private static List<String> words(String commandLine) {
        return Arrays.stream(commandLine.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
