package io.enseada.registry.storage;

import java.util.List;

/**
 * One page of a listing of the blob store, in digest order.
 *
 * @param next the digest to list after for the next page, or null on the last one
 */
public record BlobPage(List<StoredBlob> blobs, Digest next) {}
