package dev.rustmaven.pipeline;

import dev.rustmaven.cargo.CargoException;
import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.toolchain.ToolchainException;

/**
 * A problem the user has to act on, with a message written for them: it names the parameter or file
 * involved and says what to do next.
 */
public class BuildException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem it is; the plugin maps it to Maven's exception types. */
    public enum Kind {
        /** The configuration or the project's files are wrong (Maven: a build failure). */
        CONFIGURATION,
        /** The Rust code did not build (Maven: a build failure). */
        BUILD_FAILED,
        /** Something outside the project broke: a tool, the disk, the network (Maven: an execution error). */
        ENVIRONMENT
    }

    private final Kind kind;

    public BuildException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BuildException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static BuildException configuration(String message) {
        return new BuildException(Kind.CONFIGURATION, message);
    }

    public static BuildException environment(String message, Throwable cause) {
        return new BuildException(Kind.ENVIRONMENT, message, cause);
    }

    /** A setting the user gave cannot be used: a configuration problem naming the setting as the user wrote it. */
    public static BuildException invalid(InvalidSettingException e, SettingNames names) {
        return new BuildException(Kind.CONFIGURATION, e.render(names), e);
    }

    /** Cargo.toml is wrong (configuration) or could not be read (environment). */
    public static BuildException from(CargoException e) {
        return new BuildException(
                e.kind() == CargoException.Kind.MANIFEST ? Kind.CONFIGURATION : Kind.ENVIRONMENT, e.getMessage(), e);
    }

    /** cargo or rustc was not found (configuration) or does not work (environment). */
    public static BuildException from(ToolchainException e) {
        return new BuildException(
                e.kind() == ToolchainException.Kind.NOT_FOUND ? Kind.CONFIGURATION : Kind.ENVIRONMENT,
                e.getMessage(),
                e);
    }

    public Kind kind() {
        return kind;
    }
}
