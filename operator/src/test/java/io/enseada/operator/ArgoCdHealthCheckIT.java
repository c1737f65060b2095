package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.operator.common.Conditions.Observation;
import io.enseada.operator.registry.ClaimStorage;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.registry.RegistryStatus;
import io.enseada.operator.registry.RegistryStatusAggregator;
import io.enseada.operator.registry.RegistryValidation;
import io.enseada.operator.registry.StorageHealth;
import io.enseada.operator.repository.Repository;
import io.enseada.operator.repository.RepositoryReconciler;
import io.enseada.operator.repository.RepositoryStatus;
import io.enseada.operator.testing.ProjectFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health check the README documents ({@code config/argocd/health.lua}), run by a real
 * Lua 5.1 (Argo CD runs gopher-lua, a Lua 5.1) on resources whose status the operator's own status
 * builders made.
 */
class ArgoCdHealthCheckIT {
    private static final Path SCRIPT = ProjectFiles.root().resolve("config/argocd/health.lua");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Registry registry(long generation, RegistryStatus status) {
        Registry registry = new Registry();
        registry.setMetadata(new ObjectMetaBuilder()
                .withName("enseada")
                .withNamespace("registry")
                .withGeneration(generation)
                .build());
        registry.setStatus(status);
        return registry;
    }

    private static RegistryStatus registryStatus(
            long generation, Optional<String> databaseError, RegistryStatusAggregator.Pods pods) {
        return registryStatus(
                generation,
                databaseError,
                StorageHealth.ready("ClaimBound", "PersistentVolumeClaim blobs is bound"),
                pods);
    }

    private static RegistryStatus registryStatus(
            long generation,
            Optional<String> databaseError,
            StorageHealth storage,
            RegistryStatusAggregator.Pods pods) {
        return RegistryStatusAggregator.build(
                null,
                generation,
                new RegistryStatusAggregator.Observed(
                        Optional.empty(), databaseError, Optional.of(storage), pods, "https://registry.example.com"),
                NOW);
    }

    /** What the script returns for {@code resource}: "status|message". */
    private static String health(HasMetadata resource) throws IOException, InterruptedException {
        String program = "obj = " + lua(Serialization.jsonMapper().readTree(Serialization.asJson(resource)))
                + "\nlocal health = dofile('" + SCRIPT + "')\nprint(health.status .. '|' .. (health.message or ''))";
        Process lua = new ProcessBuilder("lua5.1", "-e", program)
                .redirectErrorStream(true)
                .start();
        String output = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(lua.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lua.exitValue()).as(output).isZero();
        return output;
    }

    /** A JSON value as a Lua table constructor, as Argo CD hands the object to the script. */
    private static String lua(JsonNode node) {
        if (node.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    fields.add("[" + quoted(field.getKey()) + "]=" + lua(field.getValue()));
                }
            }
            return "{" + String.join(",", fields) + "}";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(lua(item)));
            return "{" + String.join(",", items) + "}";
        }
        return node.isTextual() ? quoted(node.asText()) : node.asText();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void aReadyRegistryIsHealthy() throws Exception {
        assertThat(health(registry(
                        2, registryStatus(2, Optional.empty(), new RegistryStatusAggregator.Pods(3, 3, 3, true)))))
                .isEqualTo("Healthy|all conditions hold");
    }

    @Test
    void aSpecTheOperatorHasNotSeenYetIsProgressing() throws Exception {
        assertThat(health(registry(
                        3, registryStatus(2, Optional.empty(), new RegistryStatusAggregator.Pods(3, 3, 3, true)))))
                .isEqualTo("Progressing|waiting for the operator");
        assertThat(health(registry(1, null))).isEqualTo("Progressing|waiting for the operator");
    }

    @Test
    void aRolloutIsProgressingAndAnUnreachableDatabaseIsDegraded() throws Exception {
        assertThat(health(registry(
                        2, registryStatus(2, Optional.empty(), new RegistryStatusAggregator.Pods(3, 1, 3, false)))))
                .isEqualTo("Progressing|3/3 registry pods ready, 1/3 of the current spec");
        assertThat(health(registry(
                        2,
                        registryStatus(
                                2,
                                Optional.of("CouchDB at http://couchdb.db:5984 does not answer"),
                                new RegistryStatusAggregator.Pods(3, 3, 3, true)))))
                .isEqualTo("Degraded|CouchDB at http://couchdb.db:5984 does not answer");
        RegistryStatus invalid = RegistryStatusAggregator.build(
                null,
                2,
                new RegistryStatusAggregator.Observed(
                        Optional.of(new RegistryValidation.Problem(
                                "ClaimNotFound", "PersistentVolumeClaim blobs does not exist")),
                        Optional.empty(),
                        Optional.of(ClaimStorage.of("blobs", null)),
                        new RegistryStatusAggregator.Pods(0, 0, 1, false),
                        "u"),
                NOW);
        assertThat(health(registry(2, invalid))).isEqualTo("Degraded|PersistentVolumeClaim blobs does not exist");
    }

    @Test
    void aClaimThatIsNotBoundYetIsProgressingAndABucketThatRefusesIsDegraded() throws Exception {
        // a storage class that binds at the first consumer: the claim waits for the registry pods
        var unbound = new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("blobs")
                .endMetadata()
                .build();
        assertThat(health(registry(
                        2,
                        registryStatus(
                                2,
                                Optional.empty(),
                                ClaimStorage.of("blobs", unbound),
                                new RegistryStatusAggregator.Pods(1, 1, 1, true)))))
                .isEqualTo("Progressing|PersistentVolumeClaim blobs is not bound to a volume yet");
        assertThat(health(registry(
                        2,
                        registryStatus(
                                2,
                                Optional.empty(),
                                StorageHealth.failing(
                                        "AccessDenied",
                                        "bucket enseada-blobs at http://minio:9000 refuses access with the credentials of Secret enseada-s3: 403 SignatureDoesNotMatch"),
                                new RegistryStatusAggregator.Pods(3, 3, 3, true)))))
                .isEqualTo(
                        "Degraded|bucket enseada-blobs at http://minio:9000 refuses access with the credentials of Secret enseada-s3: 403 SignatureDoesNotMatch");
    }

    @Test
    void aRepositoryWaitingForItsPurgeIsProgressing() throws Exception {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder()
                .withName("npm")
                .withNamespace("registry")
                .withGeneration(1L)
                .build());
        RepositoryStatus status = new RepositoryStatus();
        status.setObservedGeneration(1L);
        status.setConditions(io.enseada.operator.common.Conditions.build(
                List.of(),
                List.of(
                        Observation.holds("RegistryFound", "RegistryFound", "Registry enseada"),
                        Observation.fails(
                                RepositoryReconciler.PURGED, "WaitingForRegistry", "waiting for the registry")),
                1,
                NOW));
        repository.setStatus(status);
        assertThat(health(repository)).isEqualTo("Progressing|waiting for the registry");
    }

    @Test
    void theReadmeShowsTheScriptAsItIs() throws IOException {
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"));
        for (String line : Files.readAllLines(SCRIPT)) {
            assertThat(readme).as("README's Argo CD health check").contains("    " + line);
        }
    }
}
