package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.CapturedConsole;
import io.javaoperatorsdk.operator.Operator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The operator's log lines as a log collector reads them: formatted, with their arguments. */
class OperatorLoggingTest {
    @Test
    void jsonByDefaultWithTheFormattedMessageAndItsArguments() throws Exception {
        List<String> lines = logAs(Map.of());

        JsonNode line = Json.newMapper().readTree(lines.get(0));
        assertThat(line.path("formattedMessage").asText())
                .isEqualTo("Registered reconciler: 'registry' for resource: "
                        + "'io.enseada.operator.registry.Registry' for namespace(s): [all namespaces]");
        assertThat(line.path("arguments"))
                .extracting(JsonNode::asText)
                .containsExactly("registry", "io.enseada.operator.registry.Registry", "[all namespaces]");
        assertThat(line.path("loggerName").asText()).isEqualTo(Operator.class.getName());
        assertThat(line.path("formattedMessage").asText()).doesNotContain("{}");
    }

    @Test
    void textOnRequest() throws Exception {
        assertThat(logAs(Map.of(OperatorLogging.FORMAT, "text")).get(0))
                .endsWith(
                        "Registered reconciler: 'registry' for resource: 'io.enseada.operator.registry.Registry' for namespace(s): [all namespaces]");
    }

    @Test
    void anUnknownFormatIsAConfigurationError() {
        assertThatThrownBy(() -> OperatorLogging.apply(Map.of(OperatorLogging.FORMAT, "xml")))
                .hasMessage("ENSEADA_OPERATOR_LOG_FORMAT: 'xml' is not one of json, text");
    }

    private static List<String> logAs(Map<String, String> env) throws Exception {
        try (CapturedConsole console = new CapturedConsole()) {
            OperatorLogging.apply(env);
            // The line JOSDK logs for every reconciler, with the same template and arguments.
            LoggerFactory.getLogger(Operator.class)
                    .info(
                            "Registered reconciler: '{}' for resource: '{}' for namespace(s): {}",
                            "registry",
                            "io.enseada.operator.registry.Registry",
                            "[all namespaces]");
            List<String> lines = console.lines();
            assertThat(lines).hasSize(1);
            return lines;
        }
    }
}
