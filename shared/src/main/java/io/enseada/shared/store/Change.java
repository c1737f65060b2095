package io.enseada.shared.store;

/** One entry of the changes feed: an opaque sequence token and the id that changed. */
public record Change(String sequence, String id, boolean deleted) {}
