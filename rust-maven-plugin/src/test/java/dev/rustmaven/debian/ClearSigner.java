package dev.rustmaven.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * Writes cleartext-signed messages for tests, as {@code gpg --clearsign} does: the Hash header, the text with
 * lines starting with '-' dash-escaped, and the armored signatures over the canonical text (trailing
 * whitespace removed, CR LF line ends, no final line break).
 */
final class ClearSigner {

    private final List<TestKey> keys = new ArrayList<>();
    private int digest = HashAlgorithmTags.SHA256;
    private String hashHeader = "SHA256";
    private Instant signedAt = Instant.now();
    private long lifetimeSeconds;

    static ClearSigner by(TestKey... signers) {
        ClearSigner signer = new ClearSigner();
        signer.keys.addAll(List.of(signers));
        return signer;
    }

    /** Signs with another digest, declared in the Hash header as {@code header} (null: no header). */
    ClearSigner digest(int algorithm, String header) {
        digest = algorithm;
        hashHeader = header;
        return this;
    }

    ClearSigner signedAt(Instant when, long lifetime) {
        signedAt = when;
        lifetimeSeconds = lifetime;
        return this;
    }

    /** The cleartext-signed message of {@code text} (which should end with a line break), with LF line ends. */
    byte[] sign(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        String[] lines = body.split("\n", -1);
        List<String> canonical = new ArrayList<>();
        StringBuilder message = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\n");
        if (hashHeader != null) {
            message.append("Hash: ").append(hashHeader).append('\n');
        }
        message.append('\n');
        for (String line : lines) {
            canonical.add(line.replaceAll("[ \t]+$", ""));
            message.append(line.startsWith("-") ? "- " : "").append(line).append('\n');
        }
        byte[] signed = String.join("\r\n", canonical).getBytes(StandardCharsets.UTF_8);
        message.append(armor(signed));
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String armor(byte[] signed) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ArmoredOutputStream armored = new ArmoredOutputStream(bytes);
            for (TestKey key : keys) {
                signature(key, signed).encode(armored);
            }
            armored.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private PGPSignature signature(TestKey key, byte[] signed) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new BcPGPContentSignerBuilder(key.signingKey().getAlgorithm(), digest), key.signingKey());
            generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.signingPrivateKey());
            PGPSignatureSubpacketGenerator attributes = new PGPSignatureSubpacketGenerator();
            attributes.setSignatureCreationTime(false, Date.from(signedAt));
            attributes.setIssuerFingerprint(false, key.signingKey());
            if (lifetimeSeconds > 0) {
                attributes.setSignatureExpirationTime(false, lifetimeSeconds);
            }
            generator.setHashedSubpackets(attributes.generate());
            generator.update(signed);
            return generator.generate();
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }
}
