package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.enseada.operator.testing.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** charts/enseada-operator lints and renders (Helm runs in-process through helm-java). */
class HelmChartTest {
    private static final Path CHART = ProjectFiles.root().resolve("charts/enseada-operator");

    private static List<ObjectNode> render(Helm helm, String... sets) {
        var template = helm.template().withName("enseada").withNamespace("enseada-system");
        for (int i = 0; i < sets.length; i += 2) {
            template = template.set(sets[i], sets[i + 1]);
        }
        return ProjectFiles.yamlDocuments(template.call());
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static Optional<String> env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return Optional.of(env.path("value").asText());
            }
        }
        return Optional.empty();
    }

    @Test
    void theChartLintsStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    @Test
    void theDefaultRenderingRunsTheOperatorImageUnderItsServiceAccountWithClusterWideRbac() {
        List<ObjectNode> docs = render(new Helm(CHART));
        ObjectNode deployment = ofKind(docs, "Deployment").get(0);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/enseada/enseada-operator:0.1.0");
        assertThat(env(container, "ENSEADA_OPERATOR_REGISTRY_IMAGE"))
                .contains("ghcr.io/enseada/enseada-registry:0.1.0");
        assertThat(env(container, "ENSEADA_OPERATOR_NAMESPACES")).contains("");

        String serviceAccount = pod.path("serviceAccountName").asText();
        assertThat(ofKind(docs, "ServiceAccount"))
                .extracting(sa -> sa.at("/metadata/name").asText())
                .containsExactly(serviceAccount);
        ObjectNode binding = ofKind(docs, "ClusterRoleBinding").get(0);
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(serviceAccount);
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("enseada-system");
        assertThat(binding.at("/roleRef/name").asText())
                .isEqualTo(
                        ofKind(docs, "ClusterRole").get(0).at("/metadata/name").asText());
        assertThat(ofKind(docs, "Role"))
                .extracting(r -> r.at("/metadata/namespace").asText() + "/"
                        + r.at("/metadata/name").asText())
                .containsExactly(
                        "enseada-system/" + deployment.at("/metadata/name").asText() + "-leader-election");
    }

    private static List<String> grants(ObjectNode role) {
        List<String> grants = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode resource : rule.path("resources")) {
                for (JsonNode verb : rule.path("verbs")) {
                    grants.add(resource.asText() + ":" + verb.asText()
                            + (rule.has("resourceNames")
                                    ? " " + rule.path("resourceNames").toString()
                                    : ""));
                }
            }
        }
        return grants;
    }

    /** The verbs the operator uses (OperatorInClusterIT checks them against the API server's audit log), and no more. */
    @Test
    void theRbacGrantsExactlyTheVerbsTheOperatorUses() {
        List<ObjectNode> docs = render(new Helm(CHART));
        assertThat(grants(ofKind(docs, "ClusterRole").get(0)))
                .containsExactlyInAnyOrder(
                        "registries:get",
                        "registries:list",
                        "registries:watch",
                        "registries:patch",
                        "repositories:list",
                        "repositories:watch",
                        "repositories:patch",
                        "accesspolicies:list",
                        "accesspolicies:watch",
                        "accesspolicies:patch",
                        "registries/status:patch",
                        "repositories/status:patch",
                        "accesspolicies/status:patch",
                        "registries/finalizers:update",
                        "accesspolicies/finalizers:update",
                        "deployments:list",
                        "deployments:watch",
                        "deployments:create",
                        "deployments:patch",
                        "configmaps:list",
                        "configmaps:watch",
                        "configmaps:create",
                        "configmaps:patch",
                        "services:list",
                        "services:watch",
                        "services:create",
                        "services:patch",
                        "secrets:get",
                        "secrets:list",
                        "secrets:watch",
                        "secrets:create",
                        "secrets:patch",
                        "secrets:delete",
                        "persistentvolumeclaims:list",
                        "persistentvolumeclaims:watch",
                        "ingresses:list",
                        "ingresses:watch",
                        "ingresses:create",
                        "ingresses:patch",
                        "ingresses:delete",
                        "poddisruptionbudgets:list",
                        "poddisruptionbudgets:watch",
                        "poddisruptionbudgets:create",
                        "poddisruptionbudgets:patch",
                        "poddisruptionbudgets:delete",
                        "events:create");
        // the lease is renewed with patch; a lease that cannot be patched is lost after ten seconds
        assertThat(grants(ofKind(docs, "Role").get(0)))
                .containsExactlyInAnyOrder(
                        "leases:create",
                        "leases:get [\"enseada-operator\"]",
                        "leases:patch [\"enseada-operator\"]",
                        "leases:update [\"enseada-operator\"]");
    }

    @Test
    void twoReplicasElectALeader() {
        List<ObjectNode> docs = render(new Helm(CHART));
        ObjectNode deployment = ofKind(docs, "Deployment").get(0);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(env(deployment.at("/spec/template/spec/containers/0"), "ENSEADA_OPERATOR_LEADER_ELECTION"))
                .contains("true");
    }

    @Test
    void theChartCarriesTheThreeCrds() {
        List<ObjectNode> crds = ProjectFiles.list(CHART.resolve("crds"), ".yaml").stream()
                .flatMap(f -> ProjectFiles.yamlDocuments(f).stream())
                .toList();
        assertThat(crds)
                .extracting(c -> c.at("/metadata/name").asText())
                .containsExactlyInAnyOrder(
                        "registries.enseada.io", "repositories.enseada.io", "accesspolicies.enseada.io");
    }

    @Test
    void watchingAListOfNamespacesGrantsRolesThereOnly() {
        List<ObjectNode> docs = render(
                new Helm(CHART), "watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b", "image.tag", "1.2.3");
        assertThat(ofKind(docs, "ClusterRole")).isEmpty();
        assertThat(ofKind(docs, "RoleBinding"))
                .extracting(r -> r.at("/metadata/namespace").asText())
                .contains("team-a", "team-b");
        JsonNode container = ofKind(docs, "Deployment").get(0).at("/spec/template/spec/containers/0");
        assertThat(env(container, "ENSEADA_OPERATOR_NAMESPACES")).contains("team-a,team-b");
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/enseada/enseada-operator:1.2.3");
    }
}
