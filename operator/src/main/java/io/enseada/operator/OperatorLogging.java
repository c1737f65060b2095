package io.enseada.operator;

import io.enseada.shared.logging.ConsoleLogging;
import java.util.Locale;
import java.util.Map;

/** The operator's log format, from {@code ENSEADA_OPERATOR_LOG_FORMAT}: json (default) or text. */
public final class OperatorLogging {
    static final String FORMAT = "ENSEADA_OPERATOR_LOG_FORMAT";
    private static final Map<String, String> LEVELS = Map.of(
            "io.fabric8", "warn",
            // At debug it logs the difference between a Secret and its desired state: the token. Never below info.
            "io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher",
                    "info");

    private OperatorLogging() {}

    /** @throws IllegalArgumentException naming the variable when its value is neither json nor text */
    public static void apply(Map<String, String> env) {
        String format = env.getOrDefault(FORMAT, "json").trim().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("text") && !format.isEmpty()) {
            throw new IllegalArgumentException(FORMAT + ": '" + env.get(FORMAT) + "' is not one of json, text");
        }
        ConsoleLogging.apply(!format.equals("text"), "info", LEVELS);
    }
}
