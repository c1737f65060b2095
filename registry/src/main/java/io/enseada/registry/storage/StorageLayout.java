package io.enseada.registry.storage;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where everything lives in a blob backend: the one place that spells a key. Keys are relative to
 * the backend's root (a directory for the filesystem, the bucket prefix for S3) and always use
 * {@code /}.
 *
 * <table>
 * <caption>Storage keys</caption>
 * <tr><th>key</th><th>holds</th><th>written by</th></tr>
 * <tr><td>{@code blobs/sha256/<first 2 hex>/<hex>}</td>
 *     <td>a verified blob, named by its content digest; never written before its bytes are verified</td>
 *     <td>put, complete</td></tr>
 * <tr><td>{@code uploads/<id>/state}</td>
 *     <td>an upload session's state, JSON: size, encoded running hash, timestamps, owner (what it
 *         uploads into and who opened it; S3 adds its multipart upload, parts and pending tail)</td>
 *     <td>createUpload, append</td></tr>
 * <tr><td>{@code uploads/<id>/data}</td>
 *     <td>filesystem: the bytes received so far; S3: the key the session's multipart upload
 *         completes to, before the copy to its blob key</td>
 *     <td>append, complete</td></tr>
 * <tr><td>{@code uploads/<id>/pending/<nonce>}</td>
 *     <td>S3 only: the tail of a session below the minimum part size, combined with the next chunk;
 *         a fresh nonce per write so a failed append never overwrites the tail the state names</td>
 *     <td>append</td></tr>
 * <tr><td>{@code tmp/<random>}</td>
 *     <td>writes whose digest is not known yet (filesystem blob and state files, large S3 puts
 *         without an expected digest); moved or copied to their final key, swept by purgeUploads</td>
 *     <td>put, append</td></tr>
 * </table>
 *
 * <p>Upload ids are random UUIDs. Anything else is refused as an unknown session, so an id taken
 * from a request can never reach outside {@code uploads/}.
 */
public final class StorageLayout {
    public static final String BLOBS = "blobs/" + Digest.ALGORITHM + "/";
    public static final String UPLOADS = "uploads/";
    public static final String TEMP = "tmp/";

    private static final Pattern UPLOAD_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private StorageLayout() {}

    public static String blob(Digest digest) {
        return BLOBS + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    public static String newUploadId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isUploadId(String id) {
        return id != null && UPLOAD_ID.matcher(id).matches();
    }

    /**
     * The folder of one session, ending in {@code /}.
     *
     * @throws UploadNotFoundException when {@code id} is not an id this layout hands out
     */
    public static String upload(String id) {
        if (!isUploadId(id)) {
            throw new UploadNotFoundException(id);
        }
        return UPLOADS + id + "/";
    }

    public static String uploadState(String id) {
        return upload(id) + "state";
    }

    public static String uploadData(String id) {
        return upload(id) + "data";
    }

    public static String uploadPending(String id, String nonce) {
        return upload(id) + "pending/" + nonce;
    }

    public static String temp(String name) {
        return TEMP + name;
    }
}
