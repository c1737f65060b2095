package io.enseada.registry.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.enseada.shared.model.Glob;
import org.junit.jupiter.api.Test;

/**
 * A listing shows an artifact to whoever may read its files: the path it checks must be matched by
 * the same policy globs as the paths of the artifact's files ({@code com/example/lib/1.0/lib-1.0.jar}).
 */
class ArtifactAccessPathTest {
    private static final String FILE = "com/example/lib/1.0/lib-1.0.jar";

    @Test
    void theArtifactsDirectoryIsWhatPoliciesMatch() {
        assertThat(ArtifactBrowsing.accessPath("com.example:lib")).isEqualTo("com/example/lib/");
    }

    @Test
    void aGlobThatGrantsTheFilesGrantsTheListingAndOneThatDoesNotDoesNot() {
        String listed = ArtifactBrowsing.accessPath("com.example:lib");
        for (String granting : new String[] {"**", "com/**", "com/example/**", "com/example/lib/**", "com/*/lib/**"}) {
            assertThat(Glob.path(granting).matches(FILE)).as(granting).isTrue();
            assertThat(Glob.path(granting).matches(listed)).as(granting).isTrue();
        }
        for (String other : new String[] {"org/**", "com/example/other/**", "com/example/library/**"}) {
            assertThat(Glob.path(other).matches(FILE)).as(other).isFalse();
            assertThat(Glob.path(other).matches(listed)).as(other).isFalse();
        }
    }
}
