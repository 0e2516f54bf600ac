/**
 * The user's settings as the core knows them: {@link dev.rustmaven.config.Setting} names each one
 * without Maven's words, {@link dev.rustmaven.config.SettingNames} renders a setting's name the way the
 * user wrote it (for Maven, {@code <targets> (rust.targets)}), and
 * {@link dev.rustmaven.config.InvalidSettingException} reports a value that cannot be used.
 */
package dev.rustmaven.config;
