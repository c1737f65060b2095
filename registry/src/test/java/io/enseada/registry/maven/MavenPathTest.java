package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths and coordinates: what is admitted, what is refused, and how a file name splits. */
class MavenPathTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a/../b",
                "..",
                "a/./b",
                "a//b",
                "a\\b",
                "a/%2e%2e/b",
                "a/b\u0000",
                "a/b\n",
                "a/b c",
                "a/b:c",
                "a/b?x",
                "a/ü",
                "a/\u007f"
            })
    void refusesWhatCouldEscapeOrIsNotACoordinateCharacter(String path) {
        assertThatThrownBy(() -> MavenPath.parse(path))
                .isInstanceOf(MavenException.class)
                .satisfies(e ->
                        assertThat(MavenErrors.statusOf((MavenException) e)).isEqualTo(400))
                .hasMessageStartingWith("invalid path");
    }

    @Test
    void acceptsTheMavenLayout() {
        MavenPath path = MavenPath.parse("/org/acme/lib_x/1.0+build.2/lib_x-1.0+build.2-linux~x86.tar.gz");
        assertThat(path.depth()).isEqualTo(5);
        assertThat(path.name()).isEqualTo("lib_x-1.0+build.2-linux~x86.tar.gz");
        assertThat(MavenPath.parse("/")).isEqualTo(MavenPath.ROOT);
        assertThat(MavenPath.parse("org/acme/")).hasToString("org/acme");
    }

    @Test
    void splitsReleaseAndSnapshotFileNames() {
        ArtifactFile release = ArtifactFile.parse(MavenPath.parse("org/acme/lib/1.0/lib-1.0-sources.jar"));
        assertThat(release.groupId()).isEqualTo("org.acme");
        assertThat(release.classifier()).isEqualTo("sources");
        assertThat(release.extension()).isEqualTo("jar");
        assertThat(release.isSnapshot()).isFalse();

        ArtifactFile build =
                ArtifactFile.parse(MavenPath.parse("org/acme/lib/1.0-SNAPSHOT/lib-1.0-20250101.120000-13.tar.gz"));
        assertThat(build.fileVersion()).isEqualTo("1.0-20250101.120000-13");
        assertThat(build.timestamp()).isEqualTo("20250101.120000");
        assertThat(build.buildNumber()).isEqualTo(13);
        assertThat(build.classifier()).isNull();
        assertThat(build.extension()).isEqualTo("tar.gz");

        ArtifactFile plain = ArtifactFile.parse(MavenPath.parse("org/acme/lib/1.0-SNAPSHOT/lib-1.0-SNAPSHOT.module"));
        assertThat(plain.buildNumber()).isZero();
        assertThat(plain.extension()).isEqualTo("module");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lib/1.0/lib-1.0.jar",
                "org/acme/lib/1.0/other-1.0.jar",
                "org/acme/lib/1.0/lib-1.1.jar",
                "org/acme/lib/1.0/lib-1.0",
                "org/acme/lib/1.0/lib-1.0-.jar",
                "org/acme/lib/1.0/lib-1.0.",
                "org/acme/lib/1.0-SNAPSHOT/lib-1.0-2025.jar"
            })
    void refusesFilesOutsideTheLayout(String path) {
        assertThatThrownBy(() -> ArtifactFile.parse(MavenPath.parse(path)))
                .isInstanceOf(MavenException.class)
                .hasMessageStartingWith("not a Maven artifact path");
    }
}
