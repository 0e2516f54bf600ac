package dev.rustmaven.config;

/** The settings a user gives the build, named neutrally; {@link SettingNames} says how the user wrote them. */
public enum Setting {
    CRATE("crate"),
    TARGETS("targets"),
    CARGO("cargo"),
    RUSTC("rustc"),
    RUSTC_WRAPPER("rustcWrapper"),
    VERSION("version"),
    PROFILE("profile"),
    FEATURES("features"),
    DIST_SERVER("distServer"),
    CACHE_DIRECTORY("cacheDirectory"),
    LINKING("linking"),
    LINKER("linker"),
    GLIBC("glibc"),
    GLIBC_FLOORS("glibcFloors"),
    SYSROOT("sysroot"),
    DEBIAN_MIRROR("debianMirror"),
    DEBIAN_SUITE("debianSuite"),
    DEBIAN_KEYRING("debianKeyring"),
    CC("cc"),
    TEST_TARGETS("testTargets"),
    RUNNER("runner"),
    PARALLEL_TARGETS("parallelTargets");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    /** The setting's name in camel case, as the plugin's parameter is called. */
    public String key() {
        return key;
    }
}
