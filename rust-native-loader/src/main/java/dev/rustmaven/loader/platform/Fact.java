package dev.rustmaven.loader.platform;

/** A detected value together with how it was found. */
public final class Fact<T> {

    private final T value;
    private final String evidence;

    private Fact(T value, String evidence) {
        this.value = value;
        this.evidence = evidence;
    }

    /** A found value. */
    public static <T> Fact<T> of(T value, String evidence) {
        return new Fact<>(value, evidence);
    }

    /** Nothing found, and why. */
    public static <T> Fact<T> none(String why) {
        return new Fact<>(null, why);
    }

    /** The value, or null if nothing was found. */
    public T value() {
        return value;
    }

    /** True if a value was found. */
    public boolean found() {
        return value != null;
    }

    /** Where the value came from, or why there is none. */
    public String evidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return value + " (" + evidence + ")";
    }
}
