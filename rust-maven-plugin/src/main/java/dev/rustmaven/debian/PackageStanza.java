package dev.rustmaven.debian;

/**
 * One binary package as a {@code Packages} index describes it.
 *
 * @param name         the {@code Package} field
 * @param version      the {@code Version} field
 * @param architecture the {@code Architecture} field, e.g. {@code armhf} or {@code all}
 * @param filename     the {@code Filename} field: the {@code .deb}'s path below the mirror root
 * @param size         the {@code Size} field, in bytes
 * @param sha256       the {@code SHA256} field, lower-case hex
 * @param depends      the {@code Depends} field as written, empty when absent; for information only
 */
record PackageStanza(
        String name,
        DebianVersion version,
        String architecture,
        String filename,
        long size,
        String sha256,
        String depends) {

    /** {@code name=version}, as the log and the cache marker write a package. */
    String describe() {
        return name + "=" + version;
    }

    /** The last segment of {@link #filename()}. */
    String fileName() {
        return filename.substring(filename.lastIndexOf('/') + 1);
    }
}
