package io.enseada.registry.maven;

import java.time.Instant;

/** When the upstream last said it has no such path; believed for {@code negativeCacheTtl}. */
record UpstreamMiss(Instant at) {}
