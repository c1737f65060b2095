package io.enseada.registry.oci;

import io.enseada.registry.audit.Actor;
import io.enseada.registry.storage.UploadOwner;
import io.enseada.shared.model.RepositorySpec;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * What the OCI service is asked: one record per operation. Each names the repository as the access
 * guard resolved it, beside the {@link OciName} of the image inside it.
 */
public final class OciRequests {
    private OciRequests() {}

    /**
     * @param contentType    the request's Content-Type, or null
     * @param declaredLength the request's Content-Length, or -1
     */
    public record PutManifest(
            RepositorySpec repository,
            OciName name,
            Reference reference,
            String contentType,
            long declaredLength,
            InputStream body,
            Actor actor) {}

    /**
     * An upload session as a request names it. A session belongs to the name it was opened in and
     * the principal who opened it; for anyone else it does not exist.
     *
     * @param principal the caller's subject, e.g. {@code user:alice}
     */
    public record Session(RepositorySpec repository, OciName name, String principal, String id) {
        UploadOwner owner() {
            return UploadService.owner(name, principal);
        }
    }

    /**
     * @param start         where the client says the chunk starts ({@code Content-Range}), or null
     * @param end           where it says the chunk ends, or null
     * @param contentLength the declared length of the chunk, or null
     */
    public record Chunk(Session session, Long start, Long end, Long contentLength, InputStream body) {}

    /** @param chunk a last chunk sent with the completing PUT, or null */
    public record CompleteUpload(Session session, String digest, Chunk chunk) {}

    /**
     * @param from     the name to mount from, or null to look in every name that holds the blob
     * @param readable the names the caller may read; a blob is mounted only from one of them
     */
    public record Mount(
            RepositorySpec repository, OciName name, String digest, OciName from, Predicate<OciName> readable) {}
}
