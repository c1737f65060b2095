package io.enseada.registry.oci;

/**
 * The document {@code oci:holder:<digest>@<name>}: the same link seen from the blob. Its id says
 * everything; the body is empty.
 */
public record BlobHolder() {
    public static final BlobHolder INSTANCE = new BlobHolder();
}
