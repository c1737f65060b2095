package io.enseada.registry.repository;

import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.repository.browse.PackageDetail;
import io.enseada.registry.repository.browse.PackageSummary;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One package format (OCI, Maven, npm) as the rest of the registry sees it: implemented by one
 * class per format that builds the format's service and routes from its constructor's
 * collaborators. What is added for every format at once — purge today, garbage collection and
 * proxies tomorrow — goes through this face, never through a format's own classes.
 */
public interface RegistryFormat extends AutoCloseable {

    Format format();

    /** Registers the format's routes, each carrying its access rule and its protocol. */
    void register(RoutesConfig routes);

    /** Where the format's protocols are served, for requests that match no route. */
    List<ProtocolMounts.Mount> mounts();

    /** The error renderer of each protocol the format speaks. */
    Map<Protocol, ErrorRenderer> errorRenderers();

    /**
     * Every document-id prefix under which the format keeps content of {@code repository}, whatever
     * that repository's format: content left from an earlier format of the same name counts too.
     */
    List<String> contentPrefixes(String repository);

    /**
     * The bytes of content a document under {@link #contentPrefixes} accounts for (a file, a blob,
     * a tarball), or empty for a document that only describes content (metadata, tags, a proxy's
     * bookkeeping).
     */
    default OptionalLong contentSize(Document document) {
        return OptionalLong.empty();
    }

    /** A document keyed outside {@link #contentPrefixes} that must go with the content document {@code id}. */
    default Optional<String> companionOf(String id) {
        return Optional.empty();
    }

    /**
     * The id prefixes, across every repository, of the documents that mention blobs: what the
     * garbage collector scans to learn which blobs are in use.
     */
    default List<String> blobMentionPrefixes() {
        return List.of();
    }

    /** What a document under {@link #blobMentionPrefixes} says about blobs. */
    default List<BlobMention> blobMentions(Document document) {
        return List.of();
    }

    /**
     * The garbage collector deleted these blobs: what still names one (an OCI blob link) goes, so
     * that no protocol offers a blob that is gone.
     */
    default void blobsCollected(Collection<Digest> digests) {}

    /**
     * What {@code repository}'s retention ({@link RepositorySpec#retention})
     * removes at {@code now}, in the order it must be applied (a tag before the manifest it leaves
     * untagged). Only reads: nothing changes until a removal is {@linkplain Removal#apply applied}.
     * Called only for repositories of this format that have retention.
     */
    default List<Removal> retention(RepositorySpec repository, Instant now) {
        return List.of();
    }

    /**
     * A real run applied {@code repository}'s removals (dry runs never call this): the format
     * stamps, with {@code now}, the items its retention ages but that carry no time yet (written
     * before the format recorded one), so that their age counts from the first run that saw them.
     */
    default void retentionApplied(RepositorySpec repository, Instant now) {}

    /**
     * Whether a write route's request may store new content, and so counts against the
     * repository's quota; false for writes that only rearrange what is there (npm's unpublish
     * rewrites and dist-tag moves), so that a full repository can still be tidied.
     */
    default boolean mayAddContent(io.javalin.http.Context ctx) {
        return true;
    }

    /**
     * Jetty path specs of PUT routes that read their body before the caller is authenticated
     * (the body carries the credentials); the server bounds them per client address.
     */
    default List<String> unauthenticatedPuts() {
        return List.of();
    }

    /**
     * The packages {@code repository} (of this format) holds, for the management API's listings and
     * search: a hosted repository's content, a proxy's cached content; a group lists none of its
     * own (its members do). Unsorted; the caller sorts and pages.
     */
    default List<PackageSummary> packages(RepositorySpec repository) {
        return List.of();
    }

    /**
     * The path inside a repository that access policies match for the package named {@code name}
     * (as the format's own routes name it to the access guard), so that a listing shows only what
     * the caller may read.
     */
    default String accessPath(String name) {
        return name;
    }

    /** One package of {@code repository} by its {@link PackageSummary#name}, or empty when it holds none of that name. */
    default Optional<PackageDetail> packageDetail(RepositorySpec repository, String name) {
        return Optional.empty();
    }

    /** Stops what the format started (its worker threads). */
    @Override
    default void close() {}
}
