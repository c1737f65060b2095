package io.enseada.shared.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one way Enseada configures Jackson, so documents read and write the same on both workloads. */
public final class Json {
    private Json() {}

    public static ObjectMapper newMapper() {
        return configure(JsonMapper.builder().build());
    }

    /**
     * The first line of the innermost cause's message — for a Jackson error, the part a user can
     * act on, without the location dump — or {@code whenNone} when there is no message.
     */
    public static String rootMessage(Throwable error, String whenNone) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root instanceof JsonProcessingException jackson ? jackson.getOriginalMessage() : root.getMessage();
        return message == null ? whenNone : message.lines().findFirst().orElse(message);
    }

    /** Applies Enseada's settings to a mapper of any data format (JSON, YAML). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
