package io.enseada.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.operator.testing.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRDs checked in under crds/ (and shipped in the chart) are exactly what the build generates. */
class CrdFilesTest {

    @Test
    void checkedInCrdsEqualTheGeneratedOnes() throws IOException {
        List<Path> generated = ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml");
        assertThat(generated)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "registries.enseada.io-v1.yml",
                        "repositories.enseada.io-v1.yml",
                        "accesspolicies.enseada.io-v1.yml");
        Path checkedIn = ProjectFiles.root().resolve("crds");
        assertThat(ProjectFiles.list(checkedIn, ".yml"))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(
                        generated.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : generated) {
            assertThat(Files.readString(checkedIn.resolve(file.getFileName())))
                    .as(
                            "crds/%s is stale: copy operator/target/classes/META-INF/fabric8/*.yml to crds/ and charts/enseada-operator/crds/",
                            file.getFileName())
                    .isEqualTo(Files.readString(file));
        }
    }

    @Test
    void theChartShipsTheSameCrds() throws IOException {
        Path chartCrds = ProjectFiles.root().resolve("charts/enseada-operator/crds");
        for (Path file : ProjectFiles.list(ProjectFiles.generatedCrds(), ".yml")) {
            assertThat(Files.readString(
                            chartCrds.resolve(file.getFileName().toString().replace(".yml", ".yaml"))))
                    .as("charts/enseada-operator/crds/%s is stale", file.getFileName())
                    .isEqualTo(Files.readString(file));
        }
    }
}
