package io.enseada.registry.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NpmPackageNameTest {

    @Test
    void parsesPlainScopedAndEscapedNames() {
        assertThat(NpmPackageName.parse("left-pad")).isEqualTo(new NpmPackageName(null, "left-pad"));
        assertThat(NpmPackageName.parse("@acme/lib")).isEqualTo(new NpmPackageName("acme", "lib"));
        assertThat(NpmPackageName.parse("@acme%2flib")).isEqualTo(new NpmPackageName("acme", "lib"));
        assertThat(NpmPackageName.parse("@acme%2Flib").escaped()).isEqualTo("@acme%2flib");
        assertThat(NpmPackageName.parse("@acme/lib").tarballFile("1.0.0")).isEqualTo("lib-1.0.0.tgz");
    }

    @Test
    void refusesWhatCannotBeAName() {
        for (String bad : new String[] {"", "a/b", "@acme", "@/lib", "a b", "..", "a%20b", "@acme/a/b"}) {
            assertThatThrownBy(() -> NpmPackageName.parse(bad)).as(bad).isInstanceOf(InvalidPackageNameException.class);
        }
    }

    @Test
    void newPackagesFollowValidateNpmPackageName() {
        assertThat(NpmPackageName.parse("some-package").problemsForNewPackage()).isEmpty();
        assertThat(NpmPackageName.parse("@npm/thingy").problemsForNewPackage()).isEmpty();
        assertThat(NpmPackageName.parse("example.com").problemsForNewPackage()).isEmpty();
        assertThat(NpmPackageName.parse("under_score").problemsForNewPackage()).isEmpty();
        assertThat(NpmPackageName.parse("@scope/http").problemsForNewPackage()).isEmpty();
        assertThat(NpmPackageName.parse("http").problemsForNewPackage()).containsExactly("http is a core module name");
        assertThat(NpmPackageName.parse("CAPITAL").problemsForNewPackage())
                .containsExactly("name can no longer contain capital letters");
        assertThat(NpmPackageName.parse("_x").problemsForNewPackage())
                .containsExactly("name cannot start with an underscore");
        assertThat(NpmPackageName.parse(".x").problemsForNewPackage())
                .containsExactly("name cannot start with a period");
        assertThat(NpmPackageName.parse(
                                "ifyouwanttogetthesumoftwonumberswherethosetwonumbersarechosenbyfindingthelargestoftwooutofthreenumbersandsquaringthemwhichismultiplyingthembyitselfthenyoushouldinputthreenumbersintothisfunctionanditwilldothatforyou-")
                        .problemsForNewPackage())
                .containsExactly("name can no longer contain more than 214 characters");
        assertThat(NpmPackageName.parse("crazy!").problemsForNewPackage()).hasSize(1);
    }

    @Test
    void pathsNameTheirPackageInEitherSpelling() {
        assertThat(NpmPath.parse("@acme%2flib")).isEqualTo(new NpmPath.Packument(new NpmPackageName("acme", "lib")));
        assertThat(NpmPath.parse("@acme/lib/1.0.0"))
                .isEqualTo(new NpmPath.Version(new NpmPackageName("acme", "lib"), "1.0.0"));
        assertThat(NpmPath.parse("lib/-rev/3-enseada"))
                .isEqualTo(new NpmPath.PackumentRev(new NpmPackageName(null, "lib"), "3-enseada"));
        assertThat(NpmPath.parse("@acme/lib/-/lib-1.0.0.tgz"))
                .isEqualTo(new NpmPath.Tarball(new NpmPackageName("acme", "lib"), "lib-1.0.0.tgz"));
        // npm unpublish repeats the tarball URL's path, registry prefix included
        assertThat(NpmPath.parse("npm/npm/@acme/lib/-/lib-1.0.0.tgz/-rev/4-enseada"))
                .isEqualTo(new NpmPath.TarballRev(new NpmPackageName("acme", "lib"), "lib-1.0.0.tgz", "4-enseada"));
        assertThatThrownBy(() -> NpmPath.parse("lib/a/b/c")).isInstanceOf(NpmException.class);
    }

    @Test
    void semverOrdersLikeNpm() {
        assertThat(Semver.valid("1.0.0-beta.1+build.5")).isTrue();
        assertThat(Semver.valid("1.0")).isFalse();
        assertThat(Semver.valid("01.0.0")).isFalse();
        assertThat(java.util.stream.Stream.of("1.10.0", "1.2.0", "1.2.0-rc.1", "1.2.0-alpha", "0.9.9")
                        .sorted(Semver.ORDER)
                        .toList())
                .containsExactly("0.9.9", "1.2.0-alpha", "1.2.0-rc.1", "1.2.0", "1.10.0");
    }
}
