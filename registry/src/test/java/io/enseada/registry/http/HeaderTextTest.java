package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderTextTest {
    @Test
    void oneLineOfPrintableAsciiAtMostTwoHundredCharacters() {
        assertThat(HeaderText.oneLine("release 1.0 is immutable\nSet-Cookie: x"))
                .isEqualTo("release 1.0 is immutable");
        assertThat(HeaderText.oneLine("version ü\t1")).isEqualTo("version ??1");
        assertThat(HeaderText.oneLine("x".repeat(300))).hasSize(200);
        assertThat(HeaderText.oneLine(null)).isEmpty();
    }
}
