package io.enseada.registry.repository;

import io.enseada.registry.storage.Digest;
import io.enseada.shared.model.Format;

/**
 * A document's word about one blob, as the garbage collector reads it.
 *
 * @param repository the repository whose content the document is
 * @param keeps      true when the blob must live while the document does (a manifest's layers
 *                   and its own bytes, a deployed file, a published tarball); false when the
 *                   document only names it (an OCI blob link no manifest needs), which tells whose
 *                   the blob was without keeping it
 */
public record BlobMention(Digest digest, String repository, Format format, boolean keeps) {}
