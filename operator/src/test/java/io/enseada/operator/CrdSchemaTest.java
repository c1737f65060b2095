package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.enseada.operator.testing.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the API server demands of the generated CRDs beyond their shape, checked without one. */
class CrdSchemaTest {

    private static Map<String, ObjectNode> crds() {
        Map<String, ObjectNode> crds = new TreeMap<>();
        for (Path file : ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml")) {
            ObjectNode crd = ProjectFiles.yamlDocuments(file).get(0);
            crds.put(crd.at("/spec/names/kind").asText(), crd);
        }
        return crds;
    }

    /** Every {@code pattern} of a schema, with the path of the property that has it. */
    private static void patterns(JsonNode schema, String path, Map<String, String> found) {
        if (schema.has("pattern")) {
            found.put(path, schema.get("pattern").asText());
        }
        schema.path("properties")
                .fields()
                .forEachRemaining(p -> patterns(p.getValue(), path + "." + p.getKey(), found));
        if (schema.has("items")) {
            patterns(schema.get("items"), path + "[]", found);
        }
    }

    static Map<String, String> allPatterns() {
        Map<String, String> found = new TreeMap<>();
        crds().forEach((kind, crd) -> patterns(crd.at("/spec/versions/0/schema/openAPIV3Schema"), kind, found));
        return found;
    }

    @Test
    void everyPatternIsAGoRegularExpression() {
        Map<String, String> patterns = allPatterns();
        assertThat(patterns).hasSizeGreaterThan(15).containsKey("AccessPolicy.spec.credentials.rotateAfter");
        patterns.forEach((path, pattern) ->
                assertThat(compiles(pattern)).as("%s: %s", path, pattern).isTrue());
        // what the API server refused: a lookahead
        assertThat(compiles("^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$"))
                .isFalse();
    }

    private static boolean compiles(String pattern) {
        try {
            Pattern.compile(pattern);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    @Test
    void kubectlShowsTheColumnsInTheOrderTheClassesDeclareThem() {
        Map<String, List<String>> columns = new TreeMap<>();
        crds().forEach((kind, crd) -> {
            List<String> names = new ArrayList<>();
            crd.at("/spec/versions/0/additionalPrinterColumns")
                    .forEach(c -> names.add(
                            c.path("name").asText() + (c.path("priority").asInt() > 0 ? " (wide)" : "")));
            columns.put(kind, names);
        });
        assertThat(columns)
                .containsEntry("Registry", List.of("Ready", "Reason", "Available", "URL", "Age", "Message (wide)"))
                .containsEntry("Repository", List.of("Format", "Ready", "Synced", "URL", "Age", "Message (wide)"))
                .containsEntry(
                        "AccessPolicy",
                        List.of("Registry", "Ready", "Synced", "Credentials", "Secret", "Age", "Message (wide)"));
    }
}
