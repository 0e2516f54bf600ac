package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoConfig;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.system.HostSystem;
import dev.rustmaven.toolchain.Toolchain;
import dev.rustmaven.triple.Target;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether the plugin links a target: by the {@code linking} setting, whether the plugin knows the
 * target, whether it is the host, and whether the user configured a linker for it.
 */
final class LinkPolicy {

    private final Linking linking;
    private final HostSystem host;
    private final SettingNames names;

    LinkPolicy(Linking linking, HostSystem host, SettingNames names) {
        this.linking = linking;
        this.host = host;
        this.names = names;
    }

    /**
     * Whether the plugin links {@code target}, and why (for the log).
     *
     * @param userEnvironment the {@code environment} parameter (a linker set there is the user's)
     */
    public Optional<String> whyNotLinking(
            Target target, Toolchain toolchain, Path crateDirectory, Map<String, String> userEnvironment)
            throws BuildException {
        if (linking == Linking.CARGO) {
            return Optional.of(names.name(Setting.LINKING) + " is cargo");
        }
        if (!target.isKnown()) {
            if (linking == Linking.LLD) {
                throw BuildException.configuration(names.name(Setting.LINKING) + " is lld, but the plugin does not know"
                        + " how to link " + target + " (known: " + String.join(", ", Target.knownTriples())
                        + "). Set " + names.name(Setting.LINKING)
                        + " to auto or cargo to leave this target's linking to cargo.");
            }
            return Optional.of("the plugin knows no LLD emulation for " + target);
        }
        if (linking == Linking.LLD) {
            return Optional.empty();
        }
        if (target.triple().equals(toolchain.host())) {
            // What to set instead is said where it matters: when an output breaks the glibc floor.
            return Optional.of(target + " is the host");
        }
        String variable = "CARGO_TARGET_" + target.cargoEnvName() + "_LINKER";
        String userLinker =
                userEnvironment.getOrDefault(variable, host.environment().get(variable));
        if (userLinker != null && !userLinker.isBlank()) {
            return Optional.of(variable + " is set to " + userLinker);
        }
        Optional<String> configured =
                CargoConfig.linker(CargoConfig.files(crateDirectory, host.cargoHome(userEnvironment)), target.triple());
        return configured.map(l -> "target." + target + ".linker is " + l);
    }
}
