package io.enseada.shared.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void aNameGlobsStarMatchesAnyRunOfCharacters() {
        assertThat(Glob.name("team-*").matches("team-a")).isTrue();
        assertThat(Glob.name("team-*").matches("team-")).isTrue();
        assertThat(Glob.name("team-*").matches("teams-a")).isFalse();
        assertThat(Glob.name("team-*").matches("other")).isFalse();
        assertThat(Glob.name("*").matches("")).isTrue();
        assertThat(Glob.name("*-images").matches("team-images")).isTrue();
        assertThat(Glob.name("npm").matches("npm")).isTrue();
        assertThat(Glob.name("npm").matches("npm-2")).isFalse();
        assertThat(Glob.name("t*m-**").matches("team-a")).isTrue();
    }

    @Test
    void aNameGlobsStarAlsoMatchesStarsAndSlashesOfAnotherGlobsText() {
        // token scopes: a held glob covers a wanted one when it matches the wanted glob's text
        assertThat(Glob.name("team-*").matches("team-b*")).isTrue();
        assertThat(Glob.name("*").matches("**")).isTrue();
        assertThat(Glob.name("*").matches("a/b")).isTrue();
        assertThat(Glob.name("team-a").matches("team-*")).isFalse();
    }

    @Test
    void aPathGlobsStarStaysWithinASegmentAndDoubleStarCrossesThem() {
        assertThat(Glob.path("app/**").matches("app/web")).isTrue();
        assertThat(Glob.path("app/**").matches("app/web/nginx")).isTrue();
        assertThat(Glob.path("app/**").matches("apps/web")).isFalse();
        assertThat(Glob.path("tools/*").matches("tools/lint")).isTrue();
        assertThat(Glob.path("tools/*").matches("tools/lint/deep")).isFalse();
        assertThat(Glob.path("tools/*").matches("db")).isFalse();
        assertThat(Glob.path("*").matches("a/b")).isFalse();
        assertThat(Glob.path("**").matches("a/b/c")).isTrue();
        assertThat(Glob.path("*/web").matches("app/web")).isTrue();
        assertThat(Glob.path("*/web").matches("app/x/web")).isFalse();
    }

    @Test
    void onRepositoryNamesBothKindsAgree() {
        // names have no '/', so "* matches within a name" (the README, the AccessPolicy resource) holds for both
        for (String name : new String[] {"team-a", "team-", "npm", "a1-b2-c3", "x"}) {
            for (String glob : new String[] {"team-*", "*", "*-*", "npm", "a*-c3", "**"}) {
                assertThat(Glob.name(glob).matches(name))
                        .as("%s on %s", glob, name)
                        .isEqualTo(Glob.path(glob).matches(name));
            }
        }
    }

    @Test
    void everyOtherCharacterStandsForItself() {
        assertThat(Glob.name("a.b").matches("a.b")).isTrue();
        assertThat(Glob.name("a.b").matches("axb")).isFalse();
        assertThat(Glob.name("a+").matches("aa")).isFalse();
        assertThat(Glob.name("[ab]").matches("a")).isFalse();
        assertThat(Glob.path("app/\\E.*").matches("app/\\E.*")).isTrue();
        assertThat(Glob.path("app/\\E.*").matches("app/\\Exyz")).isFalse();
    }

    @Test
    void nothingMatchesNoText() {
        assertThat(Glob.name("*").matches(null)).isFalse();
        assertThat(Glob.path("**").matches(null)).isFalse();
    }
}
