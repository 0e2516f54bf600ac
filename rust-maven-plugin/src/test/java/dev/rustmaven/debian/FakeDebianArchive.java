package dev.rustmaven.debian;

import dev.rustmaven.distribution.Compression;
import dev.rustmaven.distribution.LoopbackServer;
import dev.rustmaven.distribution.TestTarballs;
import dev.rustmaven.fs.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A small Debian-format archive made in a test: {@code .deb}s in {@code pool/}, the package indexes of each
 * architecture (plain, xz and gz), and {@code dists/<suite>/InRelease} cleartext-signed by test keys. Served
 * from a directory ({@code file:} URLs) or a {@link LoopbackServer}.
 */
final class FakeDebianArchive {

    /** One package: its control fields and its files. */
    private record Package(String name, String version, String architecture, TestTarballs data) {
        String filename() {
            String source = name.startsWith("lib") ? name.substring(0, 4) : name.substring(0, 1);
            return "pool/main/" + source + "/" + name + "/" + name + "_" + version.replaceFirst("^[0-9]+:", "") + "_"
                    + architecture + ".deb";
        }
    }

    private final String suite;
    private final String codename;
    private final List<Package> packages = new ArrayList<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private TestKey[] signers = {TestKey.ARCHIVE};
    private String validUntil;

    FakeDebianArchive(String suite, String codename) {
        this.suite = suite;
        this.codename = codename;
    }

    /** Bookworm, as Debian names it today: suite oldstable, codename bookworm. */
    static FakeDebianArchive bookworm() {
        return new FakeDebianArchive("oldstable", "bookworm");
    }

    FakeDebianArchive add(String name, String version, String architecture, TestTarballs data) {
        packages.add(new Package(name, version, architecture, data));
        return this;
    }

    FakeDebianArchive signedBy(TestKey... keys) {
        signers = keys;
        return this;
    }

    FakeDebianArchive validUntil(String date) {
        validUntil = date;
        return this;
    }

    /** Writes every file of the archive into memory, by path below the mirror root; call after the adds. */
    FakeDebianArchive build() {
        files.clear();
        Map<String, StringBuilder> indexes = new LinkedHashMap<>();
        for (Package p : packages) {
            byte[] deb = deb(p);
            files.put(p.filename(), deb);
            indexes.computeIfAbsent(p.architecture(), a -> new StringBuilder())
                    .append("Package: ")
                    .append(p.name())
                    .append("\nVersion: ")
                    .append(p.version())
                    .append("\nArchitecture: ")
                    .append(p.architecture())
                    .append("\nDepends: libc6 (>= 2.36)\nDescription: ")
                    .append(p.name())
                    .append(" for tests\n with a continuation line\nFilename: ")
                    .append(p.filename())
                    .append("\nSize: ")
                    .append(deb.length)
                    .append("\nSHA256: ")
                    .append(Sha256.of(deb))
                    .append("\n\n");
        }
        StringBuilder release = new StringBuilder("Origin: Test\nLabel: Test\nSuite: ")
                .append(suite)
                .append("\nCodename: ")
                .append(codename)
                .append("\nDate: Sat, 11 Jul 2026 10:16:37 UTC\n");
        if (validUntil != null) {
            release.append("Valid-Until: ").append(validUntil).append('\n');
        }
        release.append("Architectures: ")
                .append(String.join(" ", new TreeSet<>(indexes.keySet())))
                .append("\nComponents: main\nSHA256:\n");
        for (Map.Entry<String, StringBuilder> index : indexes.entrySet()) {
            byte[] plain = index.getValue().toString().getBytes(StandardCharsets.UTF_8);
            String directory = "main/binary-" + index.getKey() + "/";
            for (Map.Entry<String, byte[]> file : Map.of(
                            "Packages", plain, "Packages.xz", xz(plain), "Packages.gz", gz(plain))
                    .entrySet()) {
                String path = directory + file.getKey();
                files.put(distsPath(path), file.getValue());
                release.append(' ')
                        .append(Sha256.of(file.getValue()))
                        .append(' ')
                        .append(file.getValue().length)
                        .append(' ')
                        .append(path)
                        .append('\n');
            }
        }
        files.put(distsPath("Release"), release.toString().getBytes(StandardCharsets.UTF_8));
        files.put(distsPath("InRelease"), ClearSigner.by(signers).sign(release.toString()));
        return this;
    }

    /** {@code dists/<codename>/<path>}: where apt looks for a suite named by its codename. */
    String distsPath(String path) {
        return "dists/" + codename + "/" + path;
    }

    /** The path of a package's {@code .deb} below the mirror root. */
    String debPath(String name, String version) {
        return packages.stream()
                .filter(p -> p.name().equals(name) && p.version().equals(version))
                .findFirst()
                .orElseThrow()
                .filename();
    }

    Map<String, byte[]> files() {
        return files;
    }

    /** Writes the archive below {@code root}, for a {@code file:} mirror. */
    Path writeTo(Path root) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = root.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return root;
    }

    /** Serves every file at {@code /debian/<path>}; the mirror URL is {@code server.uri("/debian")}. */
    void serveOn(LoopbackServer server) {
        files.forEach((path, body) -> server.serve("/debian/" + path, body));
    }

    private static byte[] deb(Package p) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            String control =
                    "Package: " + p.name() + "\nVersion: " + p.version() + "\nArchitecture: " + p.architecture() + "\n";
            member(
                    ar,
                    "control.tar.gz",
                    new TestTarballs().file("./control", control).compressed(Compression.GZ));
            member(ar, "data.tar.xz", p.data().compressed(Compression.XZ));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    private static byte[] xz(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new XZOutputStream(bytes, new LZMA2Options(1))) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gz(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
