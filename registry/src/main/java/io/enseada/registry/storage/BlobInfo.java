package io.enseada.registry.storage;

/** A stored blob: its digest and its size in bytes. */
public record BlobInfo(Digest digest, long size) {}
