package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The package format a repository speaks. */
public enum Format {
    OCI,
    MAVEN,
    NPM;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Format fromWire(String value) {
        return WireEnums.parse(Format.class, value);
    }

    public static String choices() {
        return Arrays.stream(values()).map(Format::wireName).collect(Collectors.joining(", "));
    }
}
