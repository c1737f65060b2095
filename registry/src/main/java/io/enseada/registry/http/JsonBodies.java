package io.enseada.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.errors.ValidationException;
import io.enseada.shared.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads a JSON request body of at most {@link RequestBodies#API_JSON} bytes into a record; a larger
 * one is a 413, anything else wrong a 400 that names the field.
 */
public final class JsonBodies {
    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(Context ctx, Class<T> type) {
        try {
            T value = json.readValue(RequestBodies.read(ctx, RequestBodies.API_JSON, "a management API request"), type);
            if (value == null) {
                throw new ValidationException("body", "a JSON object is required");
            }
            return value;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            throw new ValidationException(field.isEmpty() ? "body" : field, Json.rootMessage(e, "invalid value"));
        } catch (JsonProcessingException e) {
            throw new ValidationException("body", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory failed", e);
        }
    }
}
