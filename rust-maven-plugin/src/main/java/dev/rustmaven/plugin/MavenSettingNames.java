package dev.rustmaven.plugin;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;

/**
 * Maven's words for the core's settings, in one place: a setting is named by its XML parameter and its
 * user property, {@code <targets> (rust.targets)}, as the user may have written either.
 */
public final class MavenSettingNames implements SettingNames {

    /** The one instance. */
    public static final MavenSettingNames INSTANCE = new MavenSettingNames();

    private MavenSettingNames() {}

    @Override
    public String name(Setting setting) {
        return switch (setting) {
            // A map has no user property.
            case GLIBC_FLOORS -> "<" + setting.key() + ">";
            default -> "<" + setting.key() + "> (rust." + setting.key() + ")";
        };
    }

    @Override
    public String entry(Setting setting, String key) {
        return "<" + setting.key() + "><" + key + ">";
    }

    @Override
    public String setOnce(Setting setting, String value) {
        // A map has no user property to set on the command line.
        return setting == Setting.GLIBC_FLOORS
                ? SettingNames.super.setOnce(setting, value)
                : "-Drust." + setting.key() + "=" + value;
    }

    @Override
    public String fetchAdvice(String triple) {
        return "Run once without offline mode (-o) to fetch it, e.g. `mvn rust:fetch -Drust.targets=" + triple + "`.";
    }
}
