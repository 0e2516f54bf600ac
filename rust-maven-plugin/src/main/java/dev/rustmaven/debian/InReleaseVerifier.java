package dev.rustmaven.debian;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Checks a Debian archive's {@code InRelease}, a cleartext-signed index, against a {@link Keyring}, as apt
 * does with gpgv: the index is trusted when at least one signature verifies with a key of the keyring and no
 * signature by a key of the keyring fails. Signatures by keys outside the keyring are ignored (Debian signs
 * with several keys, e.g. the current and the next release's).
 *
 * <p>A verifying signature still counts only when it is a text signature (as cleartext signatures are), its
 * digest is at least SHA-224 and declared in the {@code Hash:} header, it has not expired, and its key is
 * neither revoked nor expired now nor younger than the signature. A signing subkey must be bound to its
 * primary key by a valid binding signature that allows signing. Revocation signatures are taken at their
 * word (a revoked key is refused even if its revocation cannot be checked): that can only refuse, never
 * accept, more.
 */
public final class InReleaseVerifier {

    /** The digests a cleartext {@code Hash:} header names, by OpenPGP algorithm ID; MD5, SHA-1 and RIPEMD-160 are too weak. */
    private static final Map<Integer, String> STRONG_DIGESTS = Map.of(
            HashAlgorithmTags.SHA256, "SHA256",
            HashAlgorithmTags.SHA384, "SHA384",
            HashAlgorithmTags.SHA512, "SHA512",
            HashAlgorithmTags.SHA224, "SHA224",
            HashAlgorithmTags.SHA3_256, "SHA3-256",
            HashAlgorithmTags.SHA3_512, "SHA3-512");

    private static final Map<Integer, String> WEAK_DIGESTS = Map.of(
            HashAlgorithmTags.MD5, "MD5", HashAlgorithmTags.SHA1, "SHA1", HashAlgorithmTags.RIPEMD160, "RIPEMD160");

    /**
     * A verified index.
     *
     * @param text     the signed text (LF line ends), for parsing
     * @param signer   the fingerprint of the key whose signature verified, upper-case hex
     * @param signedAt when that signature was made
     */
    public record Verified(String text, String signer, Instant signedAt) {}

    private final Keyring keyring;
    private final Clock clock;
    private final BcPGPContentVerifierBuilderProvider verifiers = new BcPGPContentVerifierBuilderProvider();

    /**
     * @param clock the time against which expiry of signatures and keys is judged
     */
    public InReleaseVerifier(Keyring keyring, Clock clock) {
        this.keyring = keyring;
        this.clock = clock;
    }

    /**
     * Verifies a cleartext-signed index.
     *
     * @param source names the index in messages (its URL)
     * @return the signed text and who signed it
     * @throws DebianException MALFORMED when it is not a cleartext-signed message; UNTRUSTED when no signature
     *     verifies with a usable key of the keyring, or one by a key of the keyring is bad (naming the key
     *     IDs, the keyring and the source)
     */
    public Verified verify(byte[] message, String source) throws DebianException {
        ClearSignedMessage clearSigned = ClearSignedMessage.parse(message, source);
        List<PGPSignature> signatures = signatures(clearSigned, source);
        List<String> problems = new ArrayList<>();
        Verified verified = null;
        for (PGPSignature signature : signatures) {
            String id = issuer(signature);
            Optional<Keyring.SigningKey> key = keyring.find(signature.getKeyID());
            if (key.isEmpty()) {
                problems.add("a signature by key " + id + ", which is not in the keyring");
                continue;
            }
            boolean good;
            try {
                signature.init(verifiers, key.get().key());
                signature.update(clearSigned.signedText());
                good = signature.verify();
            } catch (PGPException | RuntimeException e) {
                problems.add("the signature by key " + id + " cannot be checked (" + e.getMessage() + ")");
                continue;
            }
            if (!good) {
                throw new DebianException(
                        DebianException.Reason.UNTRUSTED,
                        "BAD signature on " + source + " by key " + id + " of the keyring " + keyring.file()
                                + ": the text does not match its signature, so it was changed after it was signed or"
                                + " damaged on the way. Nothing from this index is used. Try again later or another"
                                + " mirror; if it persists, the mirror serves tampered files.");
            }
            Optional<String> refusal = refusal(signature, key.get(), clearSigned.hashes());
            if (refusal.isPresent()) {
                problems.add("the signature by key " + id + " verifies, but " + refusal.get());
                continue;
            }
            if (verified == null) {
                verified = new Verified(
                        clearSigned.text(),
                        Keyring.fingerprint(key.get().key()),
                        signature.getCreationTime().toInstant());
            }
        }
        if (verified == null) {
            throw new DebianException(
                    DebianException.Reason.UNTRUSTED,
                    "No trusted signature on " + source + ", checked with the keyring " + keyring.file() + " ("
                            + keyring.size() + " keys): "
                            + (problems.isEmpty() ? "it carries no signature" : String.join("; ", problems))
                            + ". Use the keyring of the archive this mirror copies (for Debian, the"
                            + " debian-archive-keyring package's, up to date for the suite), or a mirror of that"
                            + " archive.");
        }
        return verified;
    }

    private static List<PGPSignature> signatures(ClearSignedMessage message, String source) throws DebianException {
        List<PGPSignature> signatures = new ArrayList<>();
        if (message.signatureBlock().length == 0) {
            return signatures;
        }
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(message.signatureBlock()))) {
            BcPGPObjectFactory packets = new BcPGPObjectFactory(in);
            for (Object packet; (packet = packets.nextObject()) != null; ) {
                if (!(packet instanceof PGPSignatureList list)) {
                    throw new IOException(
                            "it holds a " + packet.getClass().getSimpleName() + " where signatures belong");
                }
                list.forEach(signatures::add);
            }
        } catch (IOException | RuntimeException e) {
            throw new DebianException(
                    DebianException.Reason.MALFORMED,
                    "The signature block of " + source + " cannot be read: " + e.getMessage()
                            + ". The mirror serves a damaged file; try again later or another mirror.",
                    e);
        }
        return signatures;
    }

    /** Why a cryptographically good signature is still not trusted, if it is not. */
    private Optional<String> refusal(PGPSignature signature, Keyring.SigningKey signer, List<String> declared) {
        Instant now = clock.instant();
        if (signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            return Optional.of(String.format(
                    "it is of type 0x%02x, where a cleartext signature is a text signature (0x01)",
                    signature.getSignatureType()));
        }
        int digest = signature.getHashAlgorithm();
        if (WEAK_DIGESTS.containsKey(digest)) {
            return Optional.of("it uses the weak digest " + WEAK_DIGESTS.get(digest));
        }
        String digestName = STRONG_DIGESTS.getOrDefault(digest, "#" + digest);
        if (!declared.isEmpty() && !declared.contains(digestName)) {
            return Optional.of("it uses the digest " + digestName + ", which the Hash: header (" + declared
                    + ") does not declare");
        }
        Instant signedAt = signature.getCreationTime().toInstant();
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        long lifetime = hashed == null ? 0 : hashed.getSignatureExpirationTime();
        if (lifetime > 0 && signedAt.plusSeconds(lifetime).isBefore(now)) {
            return Optional.of("the signature expired on " + signedAt.plusSeconds(lifetime));
        }
        for (PGPPublicKey key : signer.isSubkey() ? List.of(signer.key(), signer.primary()) : List.of(signer.key())) {
            String which = key == signer.key() ? "the key" : "its primary key " + Keyring.fingerprint(key);
            if (key.hasRevocation()) {
                return Optional.of(which + " is revoked");
            }
            long valid = key.getValidSeconds();
            Instant created = key.getCreationTime().toInstant();
            if (valid > 0 && created.plusSeconds(valid).isBefore(now)) {
                return Optional.of(which + " expired on " + created.plusSeconds(valid));
            }
            if (created.isAfter(signedAt)) {
                return Optional.of(which + " was created after the signature was made");
            }
        }
        if (signer.isSubkey() && !boundForSigning(signer)) {
            return Optional.of("the subkey has no valid binding signature of its primary key "
                    + Keyring.fingerprint(signer.primary()) + " that allows signing");
        }
        return Optional.empty();
    }

    private boolean boundForSigning(Keyring.SigningKey signer) {
        PGPPublicKey primary = signer.primary();
        for (Iterator<PGPSignature> it = signer.key().getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
                it.hasNext(); ) {
            PGPSignature binding = it.next();
            if (binding.getKeyID() != primary.getKeyID()) {
                continue;
            }
            try {
                binding.init(verifiers, primary);
                if (!binding.verifyCertification(primary, signer.key())) {
                    continue;
                }
            } catch (PGPException | RuntimeException e) {
                continue;
            }
            PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
            boolean flagged = hashed != null && hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS);
            if (!flagged || (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The signature's issuer as its fingerprint when it names one, else as its key ID, in upper-case hex. */
    private static String issuer(PGPSignature signature) {
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        IssuerFingerprint fingerprint = hashed == null ? null : hashed.getIssuerFingerprint();
        if (fingerprint != null) {
            return HexFormat.of().withUpperCase().formatHex(fingerprint.getFingerprint());
        }
        return String.format("%016X", signature.getKeyID());
    }
}
