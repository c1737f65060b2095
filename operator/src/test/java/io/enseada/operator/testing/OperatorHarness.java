package io.enseada.operator.testing;

import io.enseada.operator.EnseadaOperator;
import io.enseada.operator.OperatorSettings;
import io.enseada.operator.registry.RegistryStores;
import io.enseada.shared.couchdb.CouchDbClient;
import io.enseada.shared.couchdb.CouchDbCredentials;
import io.enseada.shared.couchdb.CouchDbEndpoint;
import io.enseada.shared.json.Json;
import io.enseada.shared.store.couchdb.CouchDbDocumentStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The operator, built by its composition root, running in-process against the test's API server
 * ({@link TestCluster}) and watching the test's namespace: with server-side apply on the real
 * server, as in production, and without on the CRUD mock server, which has none.
 */
public final class OperatorHarness implements AutoCloseable {
    private final Operator operator;

    private OperatorHarness(Operator operator) {
        this.operator = operator;
    }

    public static OperatorHarness start(TestCluster cluster, RegistryStores stores, Duration resync) {
        return start(cluster, stores, resync, Duration.ofHours(1), Clock.systemUTC());
    }

    /** With the grace period of replaced AccessPolicy tokens and the clock the reconcilers read. */
    public static OperatorHarness start(
            TestCluster cluster, RegistryStores stores, Duration resync, Duration tokenGrace, Clock clock) {
        OperatorSettings settings = new OperatorSettings(
                Set.of(cluster.namespace()),
                cluster.serverSideApply(),
                resync,
                "enseada/registry:test",
                false,
                cluster.namespace(),
                0,
                tokenGrace);
        // the metrics Main uses: they change how a failed reconcile reaches the error status handler
        Operator operator = EnseadaOperator.create(
                cluster.client(),
                settings,
                stores,
                clock,
                MicrometerMetrics.withoutPerResourceMetrics(new SimpleMeterRegistry()));
        operator.start();
        return new OperatorHarness(operator);
    }

    /** Creates the generated CRDs (the real control plane has them already). */
    public static void installCrds(KubernetesClient client) {
        for (Path crd : ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml")) {
            try (InputStream in = Files.newInputStream(crd)) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .load(in)
                        .createOr(existing -> existing.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Creates every object of the sample files in the test's namespace, in file order (Secrets first). */
    public static void applySamples(TestCluster cluster, String... files) {
        applySamples(cluster, object -> object, files);
    }

    /** Creates every object of the sample files after {@code adjust} (e.g. pointing at a test CouchDB). */
    public static void applySamples(TestCluster cluster, UnaryOperator<HasMetadata> adjust, String... files) {
        KubernetesClient client = cluster.client();
        for (String file : files) {
            try (InputStream in = Files.newInputStream(
                    ProjectFiles.root().resolve("config/samples").resolve(file))) {
                List<HasMetadata> objects = client.load(in).items();
                for (HasMetadata object : objects) {
                    HasMetadata adjusted = adjust.apply(typed(client, object));
                    adjusted.getMetadata().setNamespace(cluster.namespace());
                    client.resource(adjusted).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The registry database the samples point at, opened with the samples' CouchDB credentials. */
    public static CouchDbDocumentStore sampleDatabase(URI url, String database) {
        return new CouchDbDocumentStore(CouchDbClient.create(
                new CouchDbEndpoint(url, database, new CouchDbCredentials("enseada", "change-me")), Json.newMapper()));
    }

    /** Adjusts sample objects so that Registries use this CouchDB database (for {@link #applySamples}). */
    public static UnaryOperator<HasMetadata> couchDbAt(URI url, String database) {
        return object -> {
            if (object instanceof io.enseada.operator.registry.Registry registry) {
                io.enseada.operator.registry.RegistrySpec s = registry.getSpec();
                registry.setSpec(new io.enseada.operator.registry.RegistrySpec(
                        s.image(),
                        s.replicas(),
                        s.resources(),
                        s.publicUrl(),
                        s.storage(),
                        new io.enseada.operator.registry.RegistrySpec.CouchDbSpec(
                                url.toString(), database, s.couchdb().credentials()),
                        s.tls(),
                        s.tokenSigningKey(),
                        s.adminPassword(),
                        s.ingress(),
                        s.logFormat()));
            }
            return object;
        };
    }

    /** Adjusts sample objects so that Registries with S3 storage use this endpoint (for {@link #applySamples}). */
    public static UnaryOperator<HasMetadata> s3At(URI endpoint) {
        return object -> {
            if (object instanceof io.enseada.operator.registry.Registry registry
                    && registry.getSpec().storage().s3() != null) {
                io.enseada.operator.registry.RegistrySpec s = registry.getSpec();
                io.enseada.operator.registry.RegistrySpec.S3Spec s3 =
                        s.storage().s3();
                registry.setSpec(new io.enseada.operator.registry.RegistrySpec(
                        s.image(),
                        s.replicas(),
                        s.resources(),
                        s.publicUrl(),
                        new io.enseada.operator.registry.RegistrySpec.StorageSpec(
                                new io.enseada.operator.registry.RegistrySpec.S3Spec(
                                        s3.bucket(),
                                        endpoint.toString(),
                                        s3.region(),
                                        s3.pathStyle(),
                                        s3.prefix(),
                                        s3.credentials()),
                                null),
                        s.couchdb(),
                        s.tls(),
                        s.tokenSigningKey(),
                        s.adminPassword(),
                        s.ingress(),
                        s.logFormat()));
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
