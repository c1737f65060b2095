package io.enseada.operator.testing;

import io.enseada.operator.accesspolicy.AccessPolicy;
import io.enseada.operator.registry.Registry;
import io.enseada.operator.repository.Repository;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Kubernetes API server of an operator integration test: the real control plane
 * ({@link ControlPlane}, started once per test run and shared) when {@code ENSEADA_TEST_KUBE_DIR}
 * names its directory, else a fresh fabric8 mock server in CRUD mode per test. The same tests run
 * on both; what differs is told by {@link #isReal()} and {@link #serverSideApply()} (on the real
 * server as in production; the mock has none).
 *
 * <p>Use as a non-static {@code @RegisterExtension} field. Each test gets its own namespace; on
 * the real server it is deleted afterwards, its Enseada resources' finalizers first removed
 * (the test's operator is gone by then and could not remove them).
 */
public final class TestCluster implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(TestCluster.class);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final List<Class<? extends HasMetadata>> FINALIZED =
            List.of(AccessPolicy.class, Repository.class, Registry.class);

    private KubernetesMockServer mock;
    private ControlPlane controlPlane;
    private KubernetesClient client;
    private String namespace;

    /** The real control plane of this test run, started on first use; fails when none is configured. */
    public static ControlPlane controlPlane(ExtensionContext context) {
        Path scripts = ControlPlane.configuredDirectory();
        if (scripts == null) {
            throw new IllegalStateException("this test needs a real API server: set " + ControlPlane.DIR_VARIABLE
                    + " to the directory with the Kubernetes binaries or archives (../shared/k8s)");
        }
        return context.getRoot()
                .getStore(STORE)
                .getOrComputeIfAbsent(
                        ControlPlane.class,
                        type -> {
                            Path run = Path.of(System.getProperty("enseada.kube.run", "target/kube-control-plane"))
                                    .toAbsolutePath();
                            System.out.println(
                                    "operator tests: real Kubernetes API server from " + scripts + " in " + run);
                            return new CloseableControlPlane(ControlPlane.start(scripts, run));
                        },
                        CloseableControlPlane.class)
                .plane();
    }

    /**
     * For a test class that needs the real API server: a static {@code @RegisterExtension} field
     * that fails the class when none is configured, and otherwise hands out the shared one.
     */
    public static final class RealOnly implements org.junit.jupiter.api.extension.BeforeAllCallback {
        private ControlPlane plane;

        @Override
        public void beforeAll(ExtensionContext context) {
            plane = controlPlane(context);
        }

        public ControlPlane plane() {
            return plane;
        }
    }

    /** Closes the control plane when the test run ends. */
    private record CloseableControlPlane(ControlPlane plane) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            plane.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        namespace = "it-" + NAMESPACES.incrementAndGet() + "-" + method.substring(0, Math.min(40, method.length()));
        if (ControlPlane.configuredDirectory() != null) {
            controlPlane = controlPlane(context);
            client = controlPlane.admin();
        } else {
            context.getRoot().getStore(STORE).getOrComputeIfAbsent("mock-notice", key -> {
                System.out.println("operator tests: fabric8 mock API server (" + ControlPlane.DIR_VARIABLE
                        + " is unset; point it at ../shared/k8s for the real one)");
                return key;
            });
            mock = new KubernetesMockServer(
                    new Context(Serialization.jsonMapper()),
                    new MockWebServer(),
                    new HashMap<>(),
                    new KubernetesMixedDispatcher(new HashMap<>()),
                    false);
            mock.init();
            client = mock.createClient();
            OperatorHarness.installCrds(client);
        }
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .create();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (mock != null) {
            client.close();
            mock.destroy();
            return;
        }
        for (Class<? extends HasMetadata> type : FINALIZED) {
            for (HasMetadata resource :
                    client.resources(type).inNamespace(namespace).list().getItems()) {
                try {
                    client.resources(type)
                            .inNamespace(namespace)
                            .withName(resource.getMetadata().getName())
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
        client.namespaces().withName(namespace).delete();
    }

    public boolean isReal() {
        return controlPlane != null;
    }

    /** Whether the operator applies server-side, as in production: only the real server has it. */
    public boolean serverSideApply() {
        return isReal();
    }

    public KubernetesClient client() {
        return client;
    }

    /** This test's own namespace. */
    public String namespace() {
        return namespace;
    }

    /**
     * Edits {@code type}/{@code name} in this test's namespace as a person would: when the
     * operator wrote it in between (a finalizer, a status), reads it again and retries.
     */
    public <T extends HasMetadata> T edit(Class<T> type, String name, java.util.function.UnaryOperator<T> change) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(
                        () -> client.resources(type)
                                .inNamespace(namespace)
                                .withName(name)
                                .edit(change),
                        java.util.Objects::nonNull);
    }

    /** The events about {@code kind}/{@code name} in this test's namespace, as "Type Reason: note", oldest first. */
    public List<String> events(String kind, String name) {
        return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> e.getRegarding() != null
                        && kind.equals(e.getRegarding().getKind())
                        && name.equals(e.getRegarding().getName()))
                .sorted(java.util.Comparator.comparing(
                        e -> e.getEventTime() == null ? "" : e.getEventTime().getTime()))
                .map(e -> e.getType() + " " + e.getReason() + ": " + e.getNote())
                .toList();
    }

    public ControlPlane controlPlane() {
        if (controlPlane == null) {
            throw new IllegalStateException("not on the real API server");
        }
        return controlPlane;
    }
}
