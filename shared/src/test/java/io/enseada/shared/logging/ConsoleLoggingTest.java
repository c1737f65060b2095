package io.enseada.shared.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.shared.json.Json;
import io.enseada.shared.testing.CapturedConsole;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ConsoleLoggingTest {

    @Test
    void jsonLinesCarryTheFormattedMessageItsArgumentsAndKeyValues() throws Exception {
        List<String> lines = logWith(true, Map.of(), log -> {
            log.info("Registered reconciler: '{}' for resource: '{}'", "registry", "Registry");
            log.atInfo().addKeyValue("status", 403).log("refused");
        });

        assertThat(lines).hasSize(2);
        JsonNode first = Json.newMapper().readTree(lines.get(0));
        assertThat(first.path("formattedMessage").asText())
                .isEqualTo("Registered reconciler: 'registry' for resource: 'Registry'");
        assertThat(first.path("arguments")).extracting(JsonNode::asText).containsExactly("registry", "Registry");
        assertThat(first.has("message")).as("no bare template").isFalse();
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("loggerName").asText()).isEqualTo("test.logger");
        JsonNode second = Json.newMapper().readTree(lines.get(1));
        assertThat(second.path("kvpList").path(0).path("status").asText()).isEqualTo("403");
    }

    @Test
    void textLinesAreTimestampLevelLoggerAndMessage() throws Exception {
        List<String> lines = logWith(false, Map.of(), log -> log.warn("disk {} is full", "/data"));

        assertThat(lines)
                .singleElement()
                .asString()
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.* WARN  \\[.*] test.logger - disk /data is full");
    }

    @Test
    void namedLoggersKeepTheirLevelWhateverTheRoot() throws Exception {
        List<String> lines = logWith(true, Map.of("quiet.logger", "warn"), log -> {
            LoggerFactory.getLogger("quiet.logger").info("not shown");
            LoggerFactory.getLogger("quiet.logger").warn("shown");
            log.debug("debug shown");
        });

        assertThat(lines).hasSize(2).noneMatch(line -> line.contains("not shown"));
    }

    private static List<String> logWith(boolean json, Map<String, String> levels, Consumer<Logger> body)
            throws Exception {
        try (CapturedConsole console = new CapturedConsole()) {
            ConsoleLogging.apply(json, "debug", levels);
            body.accept(LoggerFactory.getLogger("test.logger"));
            return console.lines();
        }
    }
}
