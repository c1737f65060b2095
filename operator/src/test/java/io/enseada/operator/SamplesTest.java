package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.enseada.operator.accesspolicy.AccessPolicy;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.repository.Repository;
import io.enseada.operator.testing.ProjectFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * config/samples/ validate against the generated CRD schemas, with one rule stricter than the API
 * server: a field the schema does not know is an error here (the API server would silently drop it).
 */
class SamplesTest {
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    @BeforeAll
    static void loadSchemas() {
        for (Path crd : ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml")) {
            ObjectNode doc = ProjectFiles.yamlDocuments(crd).get(0);
            String kind = doc.at("/spec/names/kind").asText();
            JsonNode schema = doc.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
            closeObjects(schema);
            SCHEMAS.put(
                    kind,
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema));
        }
    }

    /** additionalProperties: false wherever properties are listed and unknown fields are not preserved. */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(SamplesTest::closeObjects);
        } else if (node != null && node.isArray()) {
            node.elements().forEachRemaining(SamplesTest::closeObjects);
        }
    }

    private static Set<ValidationMessage> validate(ObjectNode resource) {
        ObjectNode body = resource.deepCopy();
        body.remove(List.of("apiVersion", "kind", "metadata"));
        return SCHEMAS.get(resource.get("kind").asText()).validate(body);
    }

    private static List<ObjectNode> samples() {
        return ProjectFiles.list(ProjectFiles.root().resolve("config/samples"), ".yaml").stream()
                .flatMap(file -> ProjectFiles.yamlDocuments(file).stream())
                .filter(doc -> doc.path("apiVersion").asText().startsWith("enseada.io/"))
                .toList();
    }

    @Test
    void theSamplesCoverARegistryThreeFormatsAndTwoPolicies() {
        List<ObjectNode> samples = samples();
        assertThat(samples)
                .extracting(s -> s.get("kind").asText())
                .containsOnly("Registry", "Repository", "AccessPolicy");
        assertThat(samples)
                .filteredOn(s -> s.get("kind").asText().equals("Repository") && kind(s).equals("hosted"))
                .extracting(s -> s.at("/spec/format").asText())
                .containsExactlyInAnyOrder("oci", "maven", "npm");
        // and an npm proxy with a group of it and the hosted npm repository
        assertThat(samples)
                .filteredOn(s -> s.get("kind").asText().equals("Repository") && !kind(s).equals("hosted"))
                .extracting(s -> kind(s) + " " + s.at("/spec/format").asText())
                .containsExactlyInAnyOrder("proxy npm", "group npm");
        assertThat(samples)
                .filteredOn(s -> s.at("/spec/credentials").isObject())
                .hasSize(1);
    }

    private static String kind(ObjectNode repository) {
        JsonNode kind = repository.at("/spec/kind");
        return kind.isMissingNode() ? "hosted" : kind.asText();
    }

    @Test
    void everySampleValidatesAgainstItsCrdSchema() {
        for (ObjectNode sample : samples()) {
            assertThat(validate(sample))
                    .as("%s %s", sample.get("kind"), sample.at("/metadata/name"))
                    .isEmpty();
        }
    }

    @Test
    void everySampleReadsIntoItsJavaClass() {
        Map<String, Class<?>> types =
                Map.of("Registry", Registry.class, "Repository", Repository.class, "AccessPolicy", AccessPolicy.class);
        for (ObjectNode sample : samples()) {
            Object resource = Serialization.unmarshal(
                    sample.toString(), types.get(sample.get("kind").asText()));
            assertThat(resource).hasFieldOrProperty("spec");
        }
    }

    @Test
    void theSchemaRefusesWhatTheApiServerWouldRefuse() {
        ObjectNode repository = samples().stream()
                .filter(s -> s.get("kind").asText().equals("Repository"))
                .findFirst()
                .orElseThrow();
        ObjectNode badFormat = repository.deepCopy();
        ((ObjectNode) badFormat.get("spec")).put("format", "rubygems");
        assertThat(validate(badFormat)).isNotEmpty();

        ObjectNode noRegistry = repository.deepCopy();
        ((ObjectNode) noRegistry.get("spec")).remove("registryRef");
        assertThat(validate(noRegistry)).isNotEmpty();

        ObjectNode badName = repository.deepCopy();
        ((ObjectNode) badName.get("spec")).put("name", "Not_A_Name");
        assertThat(validate(badName)).isNotEmpty();

        ObjectNode oci = samples().stream()
                .filter(s -> s.at("/spec/retention").isObject())
                .findFirst()
                .orElseThrow();
        assertThat(oci.at("/spec/format").asText()).isEqualTo("oci");
        assertThat(oci.at("/spec/quota").asText()).isEqualTo("50Gi");
        ObjectNode badQuota = oci.deepCopy();
        ((ObjectNode) badQuota.get("spec")).put("quota", "50GB");
        assertThat(validate(badQuota)).isNotEmpty();
        ObjectNode noTags = oci.deepCopy();
        ((ObjectNode) noTags.at("/spec/retention")).put("keepTags", 0);
        assertThat(validate(noTags)).isNotEmpty();
        ObjectNode unknownKey = oci.deepCopy();
        ((ObjectNode) unknownKey.at("/spec/retention")).put("keepLast", 3);
        assertThat(validate(unknownKey)).isNotEmpty();

        ObjectNode proxy = samples().stream()
                .filter(s -> s.get("kind").asText().equals("Repository") && kind(s).equals("proxy"))
                .findFirst()
                .orElseThrow();
        ObjectNode badDuration = proxy.deepCopy();
        ((ObjectNode) badDuration.at("/spec/proxy")).put("metadataMaxAge", "30m");
        assertThat(validate(badDuration)).isNotEmpty();
        ObjectNode badKind = proxy.deepCopy();
        ((ObjectNode) badKind.get("spec")).put("kind", "mirror");
        assertThat(validate(badKind)).isNotEmpty();
        ObjectNode noUrl = proxy.deepCopy();
        ((ObjectNode) noUrl.at("/spec/proxy")).remove("url");
        assertThat(validate(noUrl)).isNotEmpty();

        ObjectNode policy = samples().stream()
                .filter(s -> s.get("kind").asText().equals("AccessPolicy"))
                .findFirst()
                .orElseThrow();
        ObjectNode badSubject = policy.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) badSubject.at("/spec/subjects")).add("root");
        assertThat(validate(badSubject)).isNotEmpty();
        ObjectNode badAction = policy.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) badAction.at("/spec/rules/0/actions")).add("sudo");
        assertThat(validate(badAction)).isNotEmpty();
    }
}
