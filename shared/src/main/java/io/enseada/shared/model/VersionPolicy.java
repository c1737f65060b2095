package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which Maven versions a repository accepts. */
public enum VersionPolicy {
    RELEASE,
    SNAPSHOT,
    MIXED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static VersionPolicy fromWire(String value) {
        return WireEnums.parse(VersionPolicy.class, value);
    }
}
