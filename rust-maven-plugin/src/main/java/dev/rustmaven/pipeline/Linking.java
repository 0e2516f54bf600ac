package dev.rustmaven.pipeline;

import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import java.util.Locale;

/** Who links a target's outputs: the {@code linking} setting. */
public enum Linking {
    /**
     * The plugin links every target that is not the host and for which the user configured no linker
     * ({@code CARGO_TARGET_<T>_LINKER} or {@code target.<t>.linker} in {@code .cargo/config.toml}).
     */
    AUTO,
    /** The plugin links every target with LLD, the host too. */
    LLD,
    /** The plugin never touches linking: cargo's own configuration decides. */
    CARGO;

    /** Parses the parameter's value. */
    public static Linking parse(String value) throws InvalidSettingException {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    Setting.LINKING,
                    "'" + value + "' is not a way of linking: use auto (the"
                            + " plugin links cross targets with LLD), lld (the plugin links every target) or cargo (never).");
        }
    }
}
