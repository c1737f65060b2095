package io.enseada.registry.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.errors.ValidationException;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** The management API's errors: {@code {"error":{"code","message"}}}, a refused field named in {@code field}. */
public final class ApiErrors implements ErrorRenderer {
    private final ObjectMapper json;

    public ApiErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ErrorBody body(String code, String message, Object detail) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        if (detail != null) {
            error.put("field", detail.toString());
        }
        return new ErrorBody("application/json", body.toString());
    }

    @Override
    public Optional<Refusal> refusal(Exception e, Context ctx) {
        if (e instanceof ValidationException invalid) {
            return Optional.of(new Refusal(400, "INVALID", invalid.getMessage(), invalid.field(), Map.of()));
        }
        return Optional.empty();
    }
}
