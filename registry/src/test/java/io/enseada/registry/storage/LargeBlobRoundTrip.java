package io.enseada.registry.storage;

import io.enseada.registry.storage.filesystem.FilesystemBlobStore;
import io.enseada.registry.storage.s3.S3BlobStore;
import io.enseada.registry.storage.s3.S3PartSizes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * The child process of {@link LargeBlobIT}, run in a small heap: stores a generated blob once by
 * {@code put} and once by a session of three chunks, reads it back each time and prints
 * {@code OK <digest>}. Any failure ends it with a stack trace and a non-zero exit.
 *
 * <p>Arguments: {@code <size> <seed> filesystem <root>} or
 * {@code <size> <seed> s3 <endpoint> <bucket> <access key id> <secret key>}.
 */
public final class LargeBlobRoundTrip {
    private static final int CHUNKS = 3;

    private LargeBlobRoundTrip() {}

    public static void main(String[] args) throws IOException {
        long size = Long.parseLong(args[0]);
        long seed = Long.parseLong(args[1]);
        BlobStore store = backend(Arrays.copyOfRange(args, 2, args.length));
        System.out.println("max-heap " + Runtime.getRuntime().maxMemory());
        BlobInfo expected = Sha256.measure(new GeneratedInputStream(seed, size));

        check("put", store.put(new GeneratedInputStream(seed, size), expected.digest()), expected);
        check("read after put", Sha256.measure(store.open(expected.digest())), expected);
        store.delete(expected.digest());

        String id =
                store.createUpload(new UploadOwner("test:large", "user:tester")).id();
        long chunk = size / CHUNKS + 1;
        for (long offset = 0; offset < size; offset += chunk) {
            store.append(id, offset, slice(seed, offset, Math.min(offset + chunk, size)));
        }
        check("complete", store.complete(id, expected.digest()), expected);
        check("read after complete", Sha256.measure(store.open(expected.digest())), expected);

        System.out.println("OK " + expected.digest());
    }

    private static BlobStore backend(String[] args) {
        return switch (args[0]) {
            case "filesystem" -> new FilesystemBlobStore(Path.of(args[1]), Clock.systemUTC());
            case "s3" ->
                new S3BlobStore(
                        S3BlobStore.client(URI.create(args[1]), "us-east-1", true, args[3], args[4]),
                        args[2],
                        "large",
                        S3PartSizes.defaults(),
                        Clock.systemUTC());
            default -> throw new IllegalArgumentException("unknown backend " + args[0]);
        };
    }

    /** Bytes {@code from} to {@code to} of the generated blob, made again rather than kept. */
    private static InputStream slice(long seed, long from, long to) throws IOException {
        InputStream in = new GeneratedInputStream(seed, to);
        in.skipNBytes(from);
        return in;
    }

    private static void check(String step, BlobInfo actual, BlobInfo expected) {
        if (!actual.equals(expected)) {
            throw new AssertionError(step + " gave " + actual + ", expected " + expected);
        }
        System.out.println(step + " " + actual.digest() + " " + actual.size());
    }
}
