package io.enseada.registry.npm;

import com.fasterxml.jackson.core.JsonParser;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.registry.storage.Digest;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.registry.storage.UploadState;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Decodes a publish body's base64 tarball while it streams into a blob-store upload session,
 * hashing it (SHA-1 for {@code dist.shasum}, SHA-512 for {@code dist.integrity}, SHA-256 for the
 * blob store) and looking for its {@code package.json} on the way. Nothing becomes a blob until the
 * publish is accepted and calls {@link #commit}; a refused publish calls {@link #discard}.
 */
final class TarballStager {
    /**
     * The sessions a publish stages into live and die within its one request, and their ids never
     * leave the server, so no caller can name them; they still carry an owner, as every session does.
     */
    private static final UploadOwner PUBLISH = new UploadOwner("npm:publish", "registry");

    private final BlobStore blobs;
    private final Executor executor;

    TarballStager(BlobStore blobs, Executor executor) {
        this.blobs = blobs;
        this.executor = executor;
    }

    /** A tarball in an upload session, hashed and inspected, not yet a blob. */
    record Staged(
            String uploadId,
            long size,
            Digest sha256,
            String sha1Hex,
            byte[] sha512,
            byte[] packageJson,
            String problem) {}

    /** Reads the base64 string value the parser is on. */
    Staged stage(JsonParser parser) throws IOException {
        UploadState upload = blobs.createUpload(PUBLISH);
        BytePipe pipe = new BytePipe();
        CompletableFuture<UploadState> appended = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return blobs.append(upload.id(), 0, pipe.source());
                    } finally {
                        pipe.readerGone();
                    }
                },
                executor);
        Hashing hashing = new Hashing(pipe.sink());
        try {
            readBase64(parser, hashing);
            pipe.finish();
            appended.join();
        } catch (IOException | RuntimeException e) {
            pipe.fail(e instanceof IOException io ? io : new IOException(e));
            RuntimeException storageFailure = failureOf(appended);
            discard(upload.id());
            if (e instanceof BytePipe.ReaderGoneException && storageFailure != null) {
                throw storageFailure;
            }
            throw e;
        } finally {
            hashing.inspector.close();
        }
        return new Staged(
                upload.id(),
                hashing.size,
                Digest.of(hashing.sha256.digest()),
                HexFormat.of().formatHex(hashing.sha1.digest()),
                hashing.sha512.digest(),
                hashing.inspector.packageJson(),
                hashing.inspector.problem());
    }

    private static void readBase64(JsonParser parser, OutputStream out) throws IOException {
        try {
            parser.readBinaryValue(out);
        } catch (IllegalArgumentException e) {
            // Jackson reports a character outside the base64 alphabet this way
            throw NpmException.badRequest("the tarball in _attachments is not valid base64: " + e.getMessage());
        }
    }

    BlobInfo commit(Staged staged) {
        return blobs.complete(staged.uploadId(), staged.sha256());
    }

    void discard(Staged staged) {
        discard(staged.uploadId());
    }

    private void discard(String uploadId) {
        try {
            blobs.cancel(uploadId);
        } catch (RuntimeException e) {
            // the janitor purges abandoned sessions anyway
        }
    }

    private static RuntimeException failureOf(CompletableFuture<?> appended) {
        try {
            appended.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /** Every decoded byte goes to three hashes, the inspector and the pipe. */
    private static final class Hashing extends OutputStream {
        final MessageDigest sha1 = digest("SHA-1");
        final MessageDigest sha256 = digest("SHA-256");
        final MessageDigest sha512 = digest("SHA-512");
        final TarballInspector inspector = new TarballInspector();
        private final OutputStream out;
        long size;

        Hashing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sha1.update(b, off, len);
            sha256.update(b, off, len);
            sha512.update(b, off, len);
            inspector.write(b, off, len);
            size += len;
            out.write(b, off, len);
        }

        private static MessageDigest digest(String algorithm) {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
