package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a repository holds: what clients push to it ({@code hosted}), a read-through cache of one
 * upstream registry ({@code proxy}), or an ordered list of other repositories behind one URL
 * ({@code group}). Only hosted repositories accept writes.
 */
public enum RepositoryKind {
    HOSTED,
    PROXY,
    GROUP;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RepositoryKind fromWire(String value) {
        return WireEnums.parse(RepositoryKind.class, value);
    }
}
