package dev.rustmaven.link;

/** What a link produces, as the gcc-style mode flags ({@code -shared}, {@code -pie}, ...) chose it. */
public enum OutputKind {
    /** {@code -shared}: a shared object, such as a cdylib. */
    SHARED_OBJECT,
    /** {@code -pie}: a position-independent executable run by the dynamic linker. */
    PIE_EXECUTABLE,
    /** {@code -no-pie} (or no mode flag): an executable at a fixed address run by the dynamic linker. */
    EXECUTABLE,
    /** {@code -static}: an executable with no dynamic linker at a fixed address. */
    STATIC_EXECUTABLE,
    /** {@code -static-pie}: a position-independent executable that relocates itself, no dynamic linker. */
    STATIC_PIE_EXECUTABLE;

    /** Whether the output is an executable (it then needs C start files and, if dynamic, an interpreter). */
    public boolean isExecutable() {
        return this != SHARED_OBJECT;
    }

    /** Whether the output is an executable that names a dynamic linker ({@code PT_INTERP}). */
    public boolean needsDynamicLinker() {
        return this == PIE_EXECUTABLE || this == EXECUTABLE;
    }
}
