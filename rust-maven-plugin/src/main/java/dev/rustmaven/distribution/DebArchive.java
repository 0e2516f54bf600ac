package dev.rustmaven.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Reads the file tree of a Debian package: a {@code .deb} is an {@code ar} archive whose {@code data.tar.*}
 * member holds the files. Lets tests and tools unpack e.g. Debian's rust-std packages with
 * {@link SafeExtractor} and no {@code dpkg-deb}.
 */
public final class DebArchive {

    private DebArchive() {}

    /**
     * The uncompressed tar stream of the package's {@code data.tar.xz}, {@code data.tar.gz} or
     * {@code data.tar}. Closing it closes {@code deb}.
     *
     * @param name names the package in messages
     * @throws DistException (MALFORMED) when there is no data member or it is compressed in another way
     */
    public static InputStream dataTar(InputStream deb, String name) throws IOException, DistException {
        ArArchiveInputStream ar = new ArArchiveInputStream(deb);
        for (ArArchiveEntry entry; (entry = ar.getNextEntry()) != null; ) {
            String member = entry.getName().replaceFirst("/$", "");
            if (!member.startsWith("data.tar")) {
                continue;
            }
            return switch (member) {
                case "data.tar.xz" -> new XZInputStream(ar);
                case "data.tar.gz" -> new GZIPInputStream(ar);
                case "data.tar" -> ar;
                default -> {
                    ar.close();
                    throw new DistException(
                            DistException.Reason.MALFORMED,
                            name + " holds " + member
                                    + ", a compression this reader does not know; only xz, gz and none are read.");
                }
            };
        }
        ar.close();
        throw new DistException(
                DistException.Reason.MALFORMED, name + " is not a Debian package: it has no" + " data.tar member.");
    }
}
