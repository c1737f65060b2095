package io.enseada.registry.storage;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A SHA-256 whose state can be saved into the backend and resumed elsewhere, so an upload session
 * begun on one replica is hashed on by another without reading back the bytes already stored.
 */
public final class ResumableSha256 implements RunningSha256 {
    private final SHA256Digest sha256;

    private ResumableSha256(SHA256Digest sha256) {
        this.sha256 = sha256;
    }

    public static ResumableSha256 start() {
        return new ResumableSha256(new SHA256Digest());
    }

    /** Continues from what {@link #encodedState()} returned. */
    public static ResumableSha256 resume(byte[] encodedState) {
        return new ResumableSha256(new SHA256Digest(encodedState));
    }

    public byte[] encodedState() {
        return sha256.getEncodedState();
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
    }

    @Override
    public Digest digest() {
        // doFinal resets the digest, so finish a copy and keep this one going.
        byte[] out = new byte[sha256.getDigestSize()];
        new SHA256Digest(sha256).doFinal(out, 0);
        return Digest.of(out);
    }
}
