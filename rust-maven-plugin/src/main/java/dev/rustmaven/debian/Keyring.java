package dev.rustmaven.debian;

import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The OpenPGP public keys trusted to sign an archive's index: a keyring file, binary (as
 * {@code /usr/share/keyrings/*.gpg} on Debian) or ASCII-armored. GnuPG's keybox format ({@code .kbx}) is
 * not read; {@code gpg --export} writes a keyring from it.
 */
public final class Keyring {

    /** A key that may have made a signature, with the primary key it belongs to (itself for a primary key). */
    record SigningKey(PGPPublicKey key, PGPPublicKey primary) {

        boolean isSubkey() {
            return key.getKeyID() != primary.getKeyID();
        }
    }

    private final Path file;
    private final PGPPublicKeyRingCollection rings;

    private Keyring(Path file, PGPPublicKeyRingCollection rings) {
        this.file = file;
        this.rings = rings;
    }

    /**
     * Reads a keyring file.
     *
     * @param names names the keyring setting in errors
     * @throws DebianException (CONFIGURATION) when the file is missing, unreadable, not a keyring or empty
     */
    public static Keyring load(Path file, SettingNames names) throws DebianException {
        String setting = names.name(Setting.DEBIAN_KEYRING);
        String advice = " Set " + setting + " to the archive's OpenPGP public keyring, e.g."
                + " /usr/share/keyrings/debian-archive-keyring.gpg of Debian's debian-archive-keyring package.";
        PGPPublicKeyRingCollection rings;
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
        } catch (NoSuchFileException e) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "The keyring " + file + " (" + setting + ") does not exist." + advice,
                    e);
        } catch (IOException | PGPException | RuntimeException e) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "Cannot read the keyring " + file + " (" + setting
                            + ") as OpenPGP public keys (binary or ASCII-armored): " + e.getMessage()
                            + ". A GnuPG keybox (.kbx) must be exported first (gpg --export)." + advice,
                    e);
        }
        if (rings.size() == 0) {
            throw new DebianException(
                    DebianException.Reason.CONFIGURATION,
                    "The keyring " + file + " (" + setting + ") holds no OpenPGP public key: it is empty or not a"
                            + " keyring (a GnuPG keybox (.kbx) must be exported first, with gpg --export)." + advice);
        }
        return new Keyring(file, rings);
    }

    /** The keyring file. */
    public Path file() {
        return file;
    }

    /** How many primary keys (certificates) the keyring holds. */
    public int size() {
        return rings.size();
    }

    /** The key, primary or subkey, with this key ID. */
    Optional<SigningKey> find(long keyId) {
        PGPPublicKeyRing ring = rings.getPublicKeyRing(keyId);
        if (ring == null) {
            return Optional.empty();
        }
        return Optional.of(new SigningKey(ring.getPublicKey(keyId), ring.getPublicKey()));
    }

    /** A key's fingerprint as upper-case hex, the way GnuPG prints it. */
    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }
}
