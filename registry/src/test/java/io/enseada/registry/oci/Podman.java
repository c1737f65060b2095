package io.enseada.registry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.testing.Cli;
import io.enseada.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman without a daemon, as root, with an image store, state and temporary folders of its own
 * (vfs storage, no event log), given through {@code CONTAINERS_STORAGE_CONF} and
 * {@code CONTAINERS_CONF} so that commands run exactly as a user types them and the machine's
 * store is never touched. Only containers/image's blob-info cache under /var/lib/containers/cache
 * is shared: podman 4.3 offers no way to move it.
 */
public final class Podman {
    private static final ObjectMapper JSON = Json.newMapper();

    private final Map<String, String> environment;

    private Podman(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A fresh, empty store under {@code dir}. */
    public static Podman in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path storage = Files.writeString(
                    dir.resolve("storage.conf"), """
                    [storage]
                    driver = "vfs"
                    graphroot = "%s"
                    runroot = "%s"
                    """.formatted(dir.resolve("graphroot"), dir.resolve("runroot")));
            Path containers = Files.writeString(
                    dir.resolve("containers.conf"), """
                    [engine]
                    tmp_dir = "%s"
                    events_logger = "none"
                    [network]
                    network_config_dir = "%s"
                    """.formatted(dir.resolve("tmp"), dir.resolve("networks")));
            return new Podman(
                    Map.of("CONTAINERS_STORAGE_CONF", storage.toString(), "CONTAINERS_CONF", containers.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same store, with the registries configuration (mirrors, plain-HTTP registries) read from
     * {@code file} instead of the machine's {@code /etc/containers/registries.conf}.
     */
    public Podman withRegistries(Path file) {
        Map<String, String> changed = new java.util.HashMap<>(environment);
        changed.put("CONTAINERS_REGISTRIES_CONF", file.toString());
        return new Podman(Map.copyOf(changed));
    }

    /** The variables that point podman at this store; a shell script run with them uses it too. */
    public Map<String, String> environment() {
        return environment;
    }

    public Cli.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return Cli.of(command)
                .clearEnv("CONTAINERS_")
                .env(environment)
                .timeout(Duration.ofMinutes(3))
                .run();
    }

    public Cli.Result succeed(String... args) {
        return run(args).assertSucceeded();
    }

    /** The uncompressed layer digests (diff_ids) of an image {@link #inspect inspected}. */
    public static List<String> diffIds(JsonNode inspected) {
        List<String> ids = new ArrayList<>();
        inspected.at("/RootFS/Layers").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** {@code podman image inspect} of one image: Id, Digest, RootFS.Layers (the diff_ids) … */
    public JsonNode inspect(String image) {
        try {
            return JSON.readTree(succeed("image", "inspect", image).output()).path(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
