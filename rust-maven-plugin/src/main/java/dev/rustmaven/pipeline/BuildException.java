package dev.rustmaven.pipeline;

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

    public Kind kind() {
        return kind;
    }
}
