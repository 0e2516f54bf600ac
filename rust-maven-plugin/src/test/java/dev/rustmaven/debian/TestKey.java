package dev.rustmaven.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * An OpenPGP key made for a test, shaped like Debian's archive keys: an RSA primary key that certifies, and
 * (by default) an RSA subkey that signs. Key generation takes a moment, so the usual keys are made once.
 */
final class TestKey {

    /** The archive's key in most tests: signs with a subkey, as Debian's archive keys do. */
    static final TestKey ARCHIVE = generate("Test Archive Key <archive@example.invalid>", true, Instant.now(), null);

    /** Someone else's key. */
    static final TestKey STRANGER = generate("Stranger <stranger@example.invalid>", true, Instant.now(), null);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PGPPublicKeyRing publicRing;
    private final PGPPublicKey signingKey;
    private final PGPPrivateKey signingPrivateKey;

    private TestKey(PGPPublicKeyRing publicRing, PGPPublicKey signingKey, PGPPrivateKey signingPrivateKey) {
        this.publicRing = publicRing;
        this.signingKey = signingKey;
        this.signingPrivateKey = signingPrivateKey;
    }

    /**
     * Makes a key.
     *
     * @param signingSubkey whether a subkey signs (else the primary key does)
     * @param created       when the keys were made
     * @param lifetime      how long they are valid, or null for ever
     */
    static TestKey generate(String userId, boolean signingSubkey, Instant created, Duration lifetime) {
        try {
            PGPKeyPair primary = rsa(created);
            PGPSignatureSubpacketGenerator primaryAttributes = new PGPSignatureSubpacketGenerator();
            primaryAttributes.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | (signingSubkey ? 0 : KeyFlags.SIGN_DATA));
            primaryAttributes.setSignatureCreationTime(false, Date.from(created));
            if (lifetime != null) {
                primaryAttributes.setKeyExpirationTime(false, lifetime.toSeconds());
            }
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    primary,
                    userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
                    primaryAttributes.generate(),
                    null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    null);
            PGPKeyPair signer = primary;
            if (signingSubkey) {
                signer = rsa(created);
                PGPSignatureSubpacketGenerator subkeyAttributes = new PGPSignatureSubpacketGenerator();
                subkeyAttributes.setKeyFlags(false, KeyFlags.SIGN_DATA);
                subkeyAttributes.setSignatureCreationTime(false, Date.from(created));
                if (lifetime != null) {
                    subkeyAttributes.setKeyExpirationTime(false, lifetime.toSeconds());
                }
                rings.addSubKey(signer, subkeyAttributes.generate(), null);
            }
            PGPPublicKeyRing ring = rings.generatePublicKeyRing();
            return new TestKey(ring, ring.getPublicKey(signer.getKeyID()), signer.getPrivateKey());
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PGPKeyPair rsa(Instant created) throws PGPException {
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), RANDOM, 2048, 80));
        return new BcPGPKeyPair(
                PublicKeyPacket.VERSION_4,
                PublicKeyAlgorithmTags.RSA_GENERAL,
                generator.generateKeyPair(),
                Date.from(created));
    }

    PGPPublicKey signingKey() {
        return signingKey;
    }

    PGPPrivateKey signingPrivateKey() {
        return signingPrivateKey;
    }

    /** The signing key's fingerprint as upper-case hex, as messages print it. */
    String fingerprint() {
        return HexFormat.of().withUpperCase().formatHex(signingKey.getFingerprint());
    }

    /** This key's certificate, in the binary format of a keyring file. */
    byte[] publicKeyring() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            publicRing.encode(bytes, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes a binary keyring file holding {@code keys}. */
    static Path writeKeyring(Path file, TestKey... keys) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (TestKey key : keys) {
            bytes.write(key.publicKeyring());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes.toByteArray());
    }
}
