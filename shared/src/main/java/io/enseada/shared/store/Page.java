package io.enseada.shared.store;

import java.util.List;

/**
 * One page of a prefix listing. {@code next} is the id to pass as {@code startAfter} for the next
 * page, or null when this page is the last.
 */
public record Page(List<Document> documents, String next) {}
