package dev.rustmaven.config;

/**
 * A setting's value cannot be used. The message says what is wrong with the value and what to do, without
 * naming the setting: whoever reports it prefixes the setting's name as the user wrote it
 * ({@link #render(SettingNames)}).
 */
public class InvalidSettingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Setting setting;
    private final String entryKey;

    public InvalidSettingException(Setting setting, String message) {
        this(setting, null, message, null);
    }

    /** A problem with one entry of a map-valued setting, such as one target's glibc floor. */
    public InvalidSettingException(Setting setting, String entryKey, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
        this.entryKey = entryKey;
    }

    public Setting setting() {
        return setting;
    }

    /** The message with the setting named as the user knows it: {@code <glibc> (rust.glibc): ...}. */
    public String render(SettingNames names) {
        String name = entryKey == null ? names.name(setting) : names.entry(setting, entryKey);
        return name + ": " + getMessage();
    }
}
