package io.enseada.shared.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A stored document: its id, its opaque revision and its JSON body (without _id and _rev). */
public record Document(String id, String rev, ObjectNode body) {}
