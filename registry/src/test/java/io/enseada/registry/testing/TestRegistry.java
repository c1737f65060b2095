package io.enseada.registry.testing;

import io.enseada.registry.RegistryServer;
import io.enseada.registry.config.SettingsLoader;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.testing.HttpSession;
import io.javalin.router.ParsedEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A registry started in-process on a free port, configured the way users configure it: ENSEADA_* settings. */
public final class TestRegistry implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-test-password";

    private final RegistryServer server;

    private TestRegistry(RegistryServer server) {
        this.server = server;
    }

    /** Embedded defaults under {@code dataDir}, plus {@code settings}. */
    public static TestRegistry start(Path dataDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("ENSEADA_HOST", "127.0.0.1");
        env.put("ENSEADA_PORT", "0");
        env.put("ENSEADA_DATA_DIR", dataDir.toString());
        env.put("ENSEADA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putAll(settings);
        return new TestRegistry(
                RegistryServer.start(new SettingsLoader(env).load(), new PrintStream(new ByteArrayOutputStream())));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    /** The registry's own metadata store, to write what the operator would write. */
    public DocumentStore documents() {
        return server.documents();
    }

    /** Every HTTP endpoint the registry routes, in matching order. */
    public List<ParsedEndpoint> endpoints() {
        return server.endpoints();
    }

    public HttpSession admin() {
        return anonymous().basic("admin", ADMIN_PASSWORD);
    }

    /**
     * Creates a user with {@code password} and a policy granting it {@code actions} on {@code repositories}
     * (through the API, as an administrator would); returns its session.
     */
    public HttpSession user(String name, String password, List<String> repositories, String... actions) {
        HttpSession.Response user = admin().post("/api/v1/users", Map.of("name", name, "password", password));
        if (user.status() != 201) {
            throw new AssertionError(user.toString());
        }
        HttpSession.Response policy = admin().post(
                        "/api/v1/policies",
                        Map.of(
                                "name",
                                name + "-rights",
                                "subjects",
                                List.of("user:" + name),
                                "rules",
                                List.of(Map.of("repositories", repositories, "actions", List.of(actions)))));
        if (policy.status() != 201) {
            throw new AssertionError(policy.toString());
        }
        return anonymous().basic(name, password);
    }

    public HttpSession anonymous() {
        return new HttpSession(url(), null);
    }

    @Override
    public void close() {
        server.close();
    }

    public static Map<String, String> settings(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
