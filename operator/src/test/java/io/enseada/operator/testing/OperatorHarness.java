package io.enseada.operator.testing;

import io.enseada.operator.EnseadaOperator;
import io.enseada.operator.OperatorSettings;
import io.enseada.operator.store.RegistryStores;
import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbCredentials;
import io.enseada.shared.couchdb.CouchDbEndpoint;
import io.enseada.shared.json.Json;
import io.enseada.shared.store.couchdb.CouchDbDocumentStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The operator, built by its composition root, running in-process against the fabric8 mock API
 * server in CRUD mode. That server has no server-side apply, so the setting is off here.
 */
public final class OperatorHarness implements AutoCloseable {
    private final Operator operator;

    private OperatorHarness(Operator operator) {
        this.operator = operator;
    }

    public static OperatorHarness start(KubernetesClient client, RegistryStores stores, Duration resync) {
        return start(client, stores, resync, Duration.ofHours(1), Clock.systemUTC());
    }

    /** With the grace period of replaced AccessPolicy tokens and the clock the reconcilers read. */
    public static OperatorHarness start(KubernetesClient client, RegistryStores stores, Duration resync, Duration tokenGrace, Clock clock) {
        installCrds(client);
        OperatorSettings settings = new OperatorSettings(Set.of(), false, resync, "enseada/registry:test", false, "default", 0, tokenGrace);
        Operator operator = EnseadaOperator.create(client, settings, stores, clock, Metrics.NOOP);
        operator.start();
        return new OperatorHarness(operator);
    }

    public static void installCrds(KubernetesClient client) {
        for (Path crd : ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml")) {
            try (InputStream in = Files.newInputStream(crd)) {
                client.apiextensions().v1().customResourceDefinitions().load(in).createOr(existing -> existing.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Creates every object of the sample files, in file order (Secrets first). */
    public static void applySamples(KubernetesClient client, String... files) {
        applySamples(client, object -> object, files);
    }

    /** Creates every object of the sample files after {@code adjust} (e.g. pointing at a test CouchDB). */
    public static void applySamples(KubernetesClient client, java.util.function.UnaryOperator<HasMetadata> adjust, String... files) {
        for (String file : files) {
            try (InputStream in = Files.newInputStream(ProjectFiles.root().resolve("config/samples").resolve(file))) {
                List<HasMetadata> objects = client.load(in).items();
                for (HasMetadata object : objects) {
                    client.resource(adjust.apply(typed(client, object))).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Adjusts sample objects so that Registries use this CouchDB database (for {@link #applySamples}). */
    /** The registry database the samples point at, opened with the samples' CouchDB credentials. */
    public static CouchDbDocumentStore sampleDatabase(java.net.URI url, String database) {
        return new CouchDbDocumentStore(CouchDbClient.create(
                new CouchDbEndpoint(url, database,
                        new CouchDbCredentials("enseada", "change-me")),
                Json.newMapper()));
    }

    public static java.util.function.UnaryOperator<HasMetadata> couchDbAt(java.net.URI url, String database) {
        return object -> {
            if (object instanceof io.enseada.operator.registry.Registry registry) {
                io.enseada.operator.registry.RegistrySpec s = registry.getSpec();
                registry.setSpec(new io.enseada.operator.registry.RegistrySpec(s.image(), s.replicas(), s.resources(), s.publicUrl(),
                        s.storage(), new io.enseada.operator.registry.RegistrySpec.CouchDbSpec(url.toString(), database,
                        s.couchdb().credentials()), s.tls(), s.tokenSigningKey(), s.adminPassword(), s.ingress(), s.logFormat()));
            }
            return object;
        };
    }

    /** Enseada resources as their Java classes, so tests can adjust their specs. */
    private static HasMetadata typed(KubernetesClient client, HasMetadata object) {
        Class<? extends HasMetadata> type = switch (object.getKind()) {
            case "Registry" -> io.enseada.operator.registry.Registry.class;
            case "Repository" -> io.enseada.operator.repository.Repository.class;
            case "AccessPolicy" -> io.enseada.operator.accesspolicy.AccessPolicy.class;
            default -> null;
        };
        return type == null ? object : client.getKubernetesSerialization().convertValue(object, type);
    }

    @Override
    public void close() {
        operator.stop();
    }
}
