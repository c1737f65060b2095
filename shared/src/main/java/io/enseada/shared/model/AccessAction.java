package io.enseada.shared.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a policy rule grants on a repository; {@code admin} includes the other three. */
public enum AccessAction {
    READ,
    WRITE,
    DELETE,
    ADMIN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AccessAction fromWire(String value) {
        return WireEnums.parse(AccessAction.class, value);
    }

    /** Whether holding this action allows {@code wanted}. */
    public boolean includes(AccessAction wanted) {
        return this == wanted || this == ADMIN;
    }
}
