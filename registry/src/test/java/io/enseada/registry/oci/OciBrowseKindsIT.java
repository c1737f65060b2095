package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a listing shows of the other kinds of OCI repository: a proxy lists what its cache holds
 * (nothing until an image is pulled through it, then that image with the tag pulled), a group
 * lists none of its own, though its member holds images.
 */
class OciBrowseKindsIT {
    @TempDir
    static Path work;

    @Test
    void aProxyListsWhatItCachedAndAGroupListsNothing() {
        try (TestRegistry upstream = TestRegistry.start(work.resolve("upstream"), Map.of());
                TestRegistry registry = TestRegistry.start(work.resolve("data"), Map.of())) {
            HttpSession source = upstream.admin();
            assertThat(source.post("/api/v1/repositories", Map.of("name", "origin", "format", "oci"))
                            .status())
                    .isEqualTo(201);
            OciPush.Pushed pulled = OciPush.image(source, "origin/team/pulled", "1.0", 11);
            OciPush.image(source, "origin/team/never-pulled", "1.0", 12);

            HttpSession admin = registry.admin();
            assertThat(admin.post("/api/v1/repositories", Map.of("name", "local", "format", "oci"))
                            .status())
                    .isEqualTo(201);
            OciPush.image(admin, "local/team/own", "2.0", 13);
            HttpSession.Response proxy = admin.post(
                    "/api/v1/repositories",
                    Map.of(
                            "name",
                            "mirror",
                            "format",
                            "oci",
                            "kind",
                            "proxy",
                            "proxy",
                            Map.of(
                                    "url",
                                    upstream.url().toString(),
                                    "credentials",
                                    Map.of("username", "admin", "password", TestRegistry.ADMIN_PASSWORD))));
            assertThat(proxy.status()).as(proxy.toString()).isEqualTo(201);
            HttpSession.Response group = admin.post(
                    "/api/v1/repositories",
                    Map.of(
                            "name",
                            "all",
                            "format",
                            "oci",
                            "kind",
                            "group",
                            "group",
                            Map.of("members", List.of("local"))));
            assertThat(group.status()).as(group.toString()).isEqualTo(201);

            HttpSession.Response empty = admin.get("/api/v1/repositories/mirror/packages");
            assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
            assertThat(empty.json().path("total").asInt())
                    .as("nothing cached yet")
                    .isZero();

            HttpSession.Response through = admin.get("/v2/mirror/origin/team/pulled/manifests/1.0");
            assertThat(through.status()).as(through.toString()).isEqualTo(200);
            assertThat(through.header("Docker-Content-Digest")).isEqualTo(pulled.manifest());

            JsonNode cached = admin.get("/api/v1/repositories/mirror/packages").json();
            assertThat(names(cached)).containsExactly("origin/team/pulled");
            assertThat(cached.at("/items/0/latest").asText()).isEqualTo("1.0");
            JsonNode detail = admin.get("/api/v1/repositories/mirror/packages/origin/team/pulled")
                    .json();
            assertThat(detail.at("/tags/0/digest").asText()).isEqualTo(pulled.manifest());
            assertThat(detail.at("/manifests/0/layers/0/digest").asText()).isEqualTo(pulled.layer());
            assertThat(admin.get("/api/v1/repositories/mirror/packages/origin/team/never-pulled")
                            .status())
                    .isEqualTo(404);

            HttpSession.Response members = admin.get("/v2/all/team/own/manifests/2.0");
            assertThat(members.status())
                    .as("the group serves its member's image")
                    .isEqualTo(200);
            JsonNode none = admin.get("/api/v1/repositories/all/packages").json();
            assertThat(none.path("items")).isEmpty();
            assertThat(none.path("total").asInt()).isZero();
            assertThat(admin.get("/api/v1/repositories/all/packages/team/own").status())
                    .isEqualTo(404);
            assertThat(names(admin.get("/api/v1/repositories/local/packages").json()))
                    .containsExactly("team/own");
            JsonNode found = admin.get("/api/v1/search?q=team").json();
            List<String> where = new ArrayList<>();
            found.path("items")
                    .forEach(hit -> where.add(hit.path("repository").asText() + ":"
                            + hit.at("/item/name").asText()));
            assertThat(where)
                    .as("search finds the cached image and the member's, not the group's")
                    .containsExactly("mirror:origin/team/pulled", "local:team/own");
        }
    }

    private static List<String> names(JsonNode listing) {
        List<String> names = new ArrayList<>();
        listing.path("items").forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
