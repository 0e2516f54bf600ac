package dev.rustmaven.config;

/**
 * How the user names a setting, so that the core's messages point at what the user wrote without the
 * core knowing Maven: the plugin renders {@code <targets> (rust.targets)}, a plain Java caller the key.
 */
@FunctionalInterface
public interface SettingNames {

    /** Names each setting by its key: {@code targets}. */
    SettingNames KEYS = Setting::key;

    /** The setting as the user knows it, e.g. {@code <targets> (rust.targets)}. */
    String name(Setting setting);

    /**
     * A setting's entry for one key of a map-valued setting, e.g. {@code <glibcFloors><aarch64-unknown-linux-gnu>}.
     * Defaults to the setting's name followed by the key.
     */
    default String entry(Setting setting, String key) {
        return name(setting) + " [" + key + "]";
    }

    /**
     * How the user sets {@code setting} to {@code value} for one build, e.g. {@code -Drust.linking=lld}; by
     * default the setting's name, an equals sign and the value.
     */
    default String setOnce(Setting setting, String value) {
        return name(setting) + "=" + value;
    }

    /**
     * The sentence that tells a user in offline mode how to fetch what {@code triple} needs while online.
     */
    default String fetchAdvice(String triple) {
        return "Run once without offline mode to fetch it.";
    }
}
