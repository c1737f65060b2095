package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The document {@code lifecycle:<repository>}: what the last storage lifecycle run (retention,
 * then garbage collection) did to one repository, written by the registry and shown by the
 * operator in the {@code Repository}'s status.
 *
 * @param lastRun      when the run that wrote this finished
 * @param removedItems what retention removed from the repository (tags, manifests, snapshot
 *                     builds, versions, cached items)
 * @param freedBytes   the bytes of blobs the collection deleted that were last the repository's
 * @param usedBytes    the bytes the repository references after the run
 * @param error        why the run stopped early, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryLifecycle(Instant lastRun, long removedItems, long freedBytes, long usedBytes, String error) {}
