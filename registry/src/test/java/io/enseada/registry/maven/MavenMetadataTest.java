package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's metadata view: Maven's version order, rendered XML that parses back, checksums of the rendered bytes. */
class MavenMetadataTest {

    @Test
    void versionsFollowMavenOrderAndReleaseSkipsSnapshots() {
        MavenMetadata metadata = MavenMetadata.empty();
        for (String version : List.of("1.10", "1.9", "2.0-SNAPSHOT", "1.10-rc1", "2.0-alpha-1")) {
            metadata = metadata.withVersion("g", "a", version, "20250101000000");
        }
        assertThat(metadata.versions()).containsExactly("1.9", "1.10-rc1", "1.10", "2.0-alpha-1", "2.0-SNAPSHOT");
        assertThat(metadata.latest()).isEqualTo("2.0-SNAPSHOT");
        assertThat(metadata.release()).isEqualTo("2.0-alpha-1");
        assertThat(metadata.checksums()).isEqualTo(Checksums.of(metadata.xml().getBytes(StandardCharsets.UTF_8)));
        MetadataXml.Uploaded parsed = MetadataXml.parse(metadata.xml().getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.versions()).isEqualTo(metadata.versions());
        assertThat(parsed.groupId()).isEqualTo("g");
    }

    @Test
    void snapshotViewKeepsEveryBuildButShowsTheNewestPerFile() {
        MavenMetadata metadata = MavenMetadata.empty()
                .withBuild("g", "a", "1.0-SNAPSHOT", build(null, "jar", 1, "20250101.000000"))
                .withBuild("g", "a", "1.0-SNAPSHOT", build(null, "jar", 2, "20250102.000000"))
                .withBuild("g", "a", "1.0-SNAPSHOT", build("sources", "jar", 1, "20250101.000000"));
        assertThat(metadata.builds()).hasSize(3);
        assertThat(metadata.newestPerFile())
                .extracting(MavenMetadata.SnapshotBuild::value)
                .containsExactly("1.0-20250102.000000-2", "1.0-20250101.000000-1");
        assertThat(metadata.xml())
                .contains(
                        "<buildNumber>2</buildNumber>",
                        "<timestamp>20250102.000000</timestamp>",
                        "modelVersion=\"1.1.0\"");
        MavenMetadata fallback = metadata.withoutBuilds(b -> b.buildNumber() == 2, "20250103000000");
        assertThat(fallback.xml()).contains("<buildNumber>1</buildNumber>");
    }

    @Test
    void pluginsMergeByArtifactId() {
        MavenMetadata metadata = MavenMetadata.empty()
                .withPlugins(List.of(new MavenMetadata.Plugin("A", "a", "a-maven-plugin")), "1")
                .withPlugins(List.of(new MavenMetadata.Plugin("B", "b", "b-maven-plugin")), "2");
        assertThat(metadata.plugins()).extracting(MavenMetadata.Plugin::prefix).containsExactly("a", "b");
        assertThat(MetadataXml.parse(metadata.xml().getBytes(StandardCharsets.UTF_8))
                        .plugins())
                .isEqualTo(metadata.plugins());
        assertThat(metadata.withoutPlugin("a-maven-plugin", "3").plugins()).hasSize(1);
    }

    @Test
    void uploadsWithDoctypesAreRefused() {
        byte[] xxe =
                "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><metadata>&x;</metadata>"
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> MetadataXml.parse(xxe)).isInstanceOf(MavenException.class);
        assertThatThrownBy(() -> MetadataXml.parse("<project/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("<metadata>");
    }

    private static MavenMetadata.SnapshotBuild build(
            String classifier, String extension, int number, String timestamp) {
        return new MavenMetadata.SnapshotBuild(
                classifier,
                extension,
                "1.0-" + timestamp + "-" + number,
                timestamp,
                number,
                timestamp.replace(".", ""));
    }
}
