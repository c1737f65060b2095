package io.enseada.registry.upstream;

import java.time.Instant;

/** When an upstream last said it has no such item; believed for the proxy's {@code negativeCacheTtl}. */
public record UpstreamMiss(Instant at) {}
