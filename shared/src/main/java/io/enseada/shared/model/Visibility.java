package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Public repositories are readable by anyone, anonymous callers included. */
public enum Visibility {
    PUBLIC,
    PRIVATE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Visibility fromWire(String value) {
        return WireEnums.parse(Visibility.class, value);
    }
}
