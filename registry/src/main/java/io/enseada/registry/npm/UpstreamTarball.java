package io.enseada.registry.npm;

/** A tarball a proxy repository fetched, verified against the packument and stored as a blob. */
record UpstreamTarball(String digest, long size) {}
