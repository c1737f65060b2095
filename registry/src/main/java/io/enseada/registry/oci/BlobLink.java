package io.enseada.registry.oci;

/**
 * The document {@code oci:blob:<name>@<digest>}: the blob is linked into the name. Its bytes live
 * once in the blob store; the size is kept here so that a HEAD answers from the metadata alone.
 */
public record BlobLink(long size) {}
