package io.enseada.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.registry.testing.TestRegistry;
import io.enseada.shared.testing.HttpSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository of 1,000 images, listed, paged, searched and shown whole: the listing counts and
 * orders them all. The times are printed for the record (the note reports them), never asserted.
 */
class OciBrowseScaleIT {
    private static final int IMAGES = 1000;
    private static final int ROUNDS = 20;

    @TempDir
    static Path work;

    @Test
    void aRepositoryOfAThousandImagesIsListedPagedAndSearchedWhole() throws Exception {
        try (TestRegistry registry = TestRegistry.start(work.resolve("data"), Map.of())) {
            HttpSession admin = registry.admin().withTimeout(Duration.ofMinutes(1));
            assertThat(admin.post("/api/v1/repositories", Map.of("name", "many", "format", "oci"))
                            .status())
                    .isEqualTo(201);
            ExecutorService pushers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> pushes = new ArrayList<>();
                for (int i = 0; i < IMAGES; i++) {
                    int image = i;
                    pushes.add(pushers.submit(() ->
                            OciPush.image(admin, String.format("many/team/image-%04d", image), "1." + image, image)));
                }
                for (Future<?> push : pushes) {
                    push.get();
                }
            } finally {
                pushers.shutdown();
            }

            HttpSession.Response first =
                    admin.get("/api/v1/repositories/many/packages?sort=updated&order=desc&limit=50");
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertThat(first.json().path("total").asInt()).isEqualTo(IMAGES);
            assertThat(first.json().path("items")).hasSize(50);

            long listing = median(admin, "/api/v1/repositories/many/packages?sort=name&limit=50&offset=500");
            long search = median(admin, "/api/v1/search?q=image-0999");
            long activity = median(admin, "/api/v1/activity?limit=20");
            long detail = median(admin, "/api/v1/repositories/many/packages/team/image-0500");
            System.out.printf(
                    "browse of %d images, median of %d: listing %d ms, search %d ms, activity %d ms, detail %d ms%n",
                    IMAGES, ROUNDS, listing, search, activity, detail);
            assertThat(admin.get("/api/v1/search?q=image-0999")
                            .json()
                            .at("/items/0/item/name")
                            .asText())
                    .isEqualTo("team/image-0999");
            HttpSession.Response middle = admin.get("/api/v1/repositories/many/packages?sort=name&limit=50&offset=500");
            assertThat(middle.json().path("items").get(0).path("name").asText()).isEqualTo("team/image-0500");
            assertThat(middle.json().path("items").get(49).path("name").asText())
                    .isEqualTo("team/image-0549");
        }
    }

    private static long median(HttpSession session, String path) {
        for (int i = 0; i < ROUNDS; i++) {
            session.get(path); // warms the server's code paths up, as a running registry's are
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            HttpSession.Response response = session.get(path);
            times.add((System.nanoTime() - start) / 1_000_000);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
        times.sort(null);
        return times.get(ROUNDS / 2);
    }
}
