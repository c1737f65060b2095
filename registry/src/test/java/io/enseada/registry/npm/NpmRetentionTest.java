package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.metadata.MvStoreDocumentStore;
import io.enseada.registry.repository.Removal;
import io.enseada.registry.storage.Digest;
import io.enseada.shared.json.Json;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.ProxyOptions;
import io.enseada.shared.model.RepositoryKind;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.model.RetentionOptions;
import io.enseada.shared.model.Visibility;
import io.enseada.shared.store.DocumentStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm retention rules on a real document store: what is planned, what apply then does. */
class NpmRetentionTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(100));
    private static final Instant YOUNG = NOW.minus(Duration.ofDays(3));
    private static final RepositorySpec HOSTED = new RepositorySpec(
            "libs",
            Format.NPM,
            RepositoryKind.HOSTED,
            Visibility.PRIVATE,
            null,
            null,
            null,
            new RetentionOptions(null, null, null, null, null, null, null, Duration.ofDays(30), null),
            null);

    @TempDir
    Path dir;

    private DocumentStore documents;
    private NpmVersionRetention retention;

    @BeforeEach
    void open() {
        documents = MvStoreDocumentStore.open(dir.resolve("metadata.mv.db"), Json.newMapper());
        retention = new NpmVersionRetention(documents);
    }

    @AfterEach
    void close() {
        documents.close();
    }

    @Test
    void oldVersionsGoUnlessTaggedAndTheRewrittenPackumentIsWhatApplyStores() {
        StoredPackument doc = packument("app");
        publish(doc, "1.0.0", OLD);
        publish(doc, "1.1.0", OLD);
        publish(doc, "1.2.0", OLD);
        publish(doc, "2.0.0", YOUNG);
        doc.tag("latest", "2.0.0");
        doc.tag("lts", "1.1.0");
        store(doc);

        List<Removal> plan = retention.plan(HOSTED, NOW);

        assertThat(plan).singleElement().satisfies(removal -> {
            assertThat(removal.kind()).isEqualTo("version");
            assertThat(removal.item()).isEqualTo("app@1.0.0, 1.2.0");
            assertThat(removal.reason()).startsWith("versionsOlderThan P30D");
            assertThat(removal.gone()).isEmpty();
        });
        ObjectNode after = plan.get(0).rewritten().get(0).body();
        assertThat(keys(after.path("versions"))).containsExactly("1.1.0", "2.0.0");
        assertThat(keys(after.path("tarballs"))).containsExactly("app-1.1.0.tgz", "app-2.0.0.tgz");
        assertThat(after.path("dist-tags").path("latest").asText()).isEqualTo("2.0.0");
        assertThat(after.path("dist-tags").path("lts").asText()).isEqualTo("1.1.0");
        assertThat(after.path("time").has("1.0.0"))
                .as("the version number stays used")
                .isTrue();

        assertThat(plan.get(0).apply().getAsBoolean()).isTrue();

        ObjectNode stored = read("app");
        assertThat(keys(stored.path("versions"))).containsExactly("1.1.0", "2.0.0");
        assertThat(stored.path("rev").asLong()).isEqualTo(after.path("rev").asLong());
        assertThat(retention.plan(HOSTED, NOW)).as("nothing left to remove").isEmpty();
    }

    @Test
    void aVersionTaggedBetweenPlanAndApplyStaysAndOnePublishedMeanwhileIsUntouched() {
        StoredPackument doc = packument("moving");
        publish(doc, "1.0.0", OLD);
        publish(doc, "1.1.0", OLD);
        publish(doc, "2.0.0", YOUNG);
        doc.tag("latest", "2.0.0");
        store(doc);
        Removal removal = retention.plan(HOSTED, NOW).get(0);
        assertThat(removal.item()).isEqualTo("moving@1.0.0, 1.1.0");

        update("moving", current -> {
            current.tag("stable", "1.1.0");
            publish(current, "2.1.0", NOW);
            current.tag("latest", "2.1.0");
        });

        assertThat(removal.apply().getAsBoolean()).isTrue();
        assertThat(keys(read("moving").path("versions"))).containsExactly("1.1.0", "2.0.0", "2.1.0");
    }

    @Test
    void applyLeavesThePackageAloneWhenEveryPlannedVersionWasTaggedSince() {
        StoredPackument doc = packument("retagged");
        publish(doc, "1.0.0", OLD);
        publish(doc, "2.0.0", YOUNG);
        doc.tag("latest", "2.0.0");
        store(doc);
        Removal removal = retention.plan(HOSTED, NOW).get(0);
        long revision = read("retagged").path("rev").asLong();

        update("retagged", current -> current.tag("old", "1.0.0"));

        assertThat(removal.apply().getAsBoolean()).isFalse();
        assertThat(read("retagged").path("versions").has("1.0.0")).isTrue();
        assertThat(read("retagged").path("rev").asLong()).isEqualTo(revision + 1);
    }

    @Test
    void versionsWithoutAReadableTimeStayAndAPackageNeverLosesItsLastVersionByAge() {
        StoredPackument odd = packument("odd");
        publish(odd, "1.0.0", OLD);
        publish(odd, "1.1.0", OLD);
        publish(odd, "1.2.0", OLD);
        odd.tag("latest", "1.2.0");
        ObjectNode body = odd.toJson();
        ((ObjectNode) body.path("time")).remove("1.0.0");
        ((ObjectNode) body.path("time")).put("1.1.0", "last spring");
        documents.put(NpmDocumentIds.packument("libs", odd.name()), null, body);
        StoredPackument untagged = packument("untagged");
        publish(untagged, "0.9.0", OLD);
        publish(untagged, "1.0.0", OLD);
        store(untagged);

        List<Removal> plan = retention.plan(HOSTED, NOW);

        assertThat(plan).extracting(Removal::item).containsExactly("untagged@0.9.0");
        plan.get(0).apply().getAsBoolean();
        ObjectNode after = read("untagged");
        assertThat(keys(after.path("versions"))).containsExactly("1.0.0");
        assertThat(after.path("dist-tags").path("latest").asText()).isEqualTo("1.0.0");
        assertThat(after.has("unpublished")).isFalse();
    }

    @Test
    void aProxyEvictsWhatWasNotServedSinceAndStampsWhatHasNoUse() {
        RepositorySpec proxy = new RepositorySpec(
                "npmjs",
                Format.NPM,
                RepositoryKind.PROXY,
                Visibility.PUBLIC,
                null,
                new ProxyOptions(URI.create("https://registry.npmjs.org/"), null, null, null),
                null,
                new RetentionOptions(null, null, null, null, null, null, null, null, Duration.ofDays(7)),
                null);
        NpmCacheRetention cache = new NpmCacheRetention(documents);
        NpmPackageName name = NpmPackageName.parse("left-pad");
        String stale = NpmDocumentIds.upstreamTarball("npmjs", name, "left-pad-1.0.0.tgz");
        String served = NpmDocumentIds.upstreamTarball("npmjs", name, "left-pad-1.1.0.tgz");
        String untimed = NpmDocumentIds.upstreamTarball("npmjs", name, "left-pad-1.2.0.tgz");
        String packument = NpmDocumentIds.upstreamPackument("npmjs", name, PackumentForm.ABBREVIATED);
        documents.put(stale, null, cached(OLD));
        documents.put(served, null, cached(OLD));
        documents.put(untimed, null, cached(null));
        documents.put(packument, null, cached(OLD));

        List<Removal> plan = cache.plan(proxy, NOW);
        assertThat(plan)
                .extracting(Removal::item)
                .containsExactly("left-pad/left-pad-1.0.0.tgz", "left-pad/left-pad-1.1.0.tgz", "left-pad (packument)");
        assertThat(plan).allSatisfy(removal -> assertThat(removal.kind()).isEqualTo("cached"));
        documents.update(served, current -> current.put(CacheUsage.USED, NOW.toString()));

        assertThat(plan).extracting(removal -> removal.apply().getAsBoolean()).containsExactly(true, false, true);
        assertThat(documents.get(stale)).isEmpty();
        assertThat(documents.get(served)).as("served since the plan").isPresent();
        assertThat(documents.get(packument)).isEmpty();

        cache.stampUnused(proxy, NOW);
        assertThat(CacheUsage.usedAt(documents.get(untimed).orElseThrow().body()))
                .contains(NOW);
        assertThat(cache.plan(proxy, NOW.plus(Duration.ofDays(8))))
                .extracting(Removal::item)
                .as("a week and a day later")
                .containsExactly("left-pad/left-pad-1.1.0.tgz", "left-pad/left-pad-1.2.0.tgz");
    }

    private static List<String> keys(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static ObjectNode cached(Instant used) {
        ObjectNode body = Json.newMapper()
                .createObjectNode()
                .put("digest", digest("x").toString())
                .put("size", 1);
        return used == null ? body : body.put(CacheUsage.USED, used.toString());
    }

    private StoredPackument packument(String name) {
        return StoredPackument.created(
                NpmPackageName.parse(name), OLD.minusSeconds(60).toString());
    }

    private static void publish(StoredPackument doc, String version, Instant at) {
        ObjectNode manifest = Json.newMapper()
                .createObjectNode()
                .put("name", doc.name().toString())
                .put("version", version);
        String file = doc.name().tarballFile(version);
        doc.addVersion(
                version, manifest, file, new StoredPackument.TarballEntry(version, digest(file), 1000), at.toString());
        doc.bumped();
    }

    private void store(StoredPackument doc) {
        documents.put(NpmDocumentIds.packument("libs", doc.name()), null, doc.toJson());
    }

    private void update(String name, java.util.function.Consumer<StoredPackument> change) {
        NpmPackageName parsed = NpmPackageName.parse(name);
        documents.update(NpmDocumentIds.packument("libs", parsed), body -> {
            StoredPackument doc = StoredPackument.read(parsed, body);
            change.accept(doc);
            return doc.bumped().toJson();
        });
    }

    private ObjectNode read(String name) {
        return documents
                .get(NpmDocumentIds.packument("libs", NpmPackageName.parse(name)))
                .orElseThrow()
                .body();
    }

    private static Digest digest(String text) {
        try {
            return Digest.of(
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
