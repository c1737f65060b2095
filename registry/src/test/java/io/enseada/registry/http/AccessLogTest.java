package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogTest {
    private static final String TOKEN = "ens_abcdefghijklmnop_" + "A".repeat(43);

    @Test
    void tokensInThePathAreMasked() {
        assertThat(AccessLog.loggablePath("/npm/npm/-/user/token/" + TOKEN)).isEqualTo("/npm/npm/-/user/token/***");
        assertThat(AccessLog.loggablePath("/npm/npm/-/npm/v1/tokens/token/npm_legacyformat123"))
                .isEqualTo("/npm/npm/-/npm/v1/tokens/token/***");
        assertThat(AccessLog.loggablePath("/api/v1/odd/" + TOKEN + "/x"))
                .isEqualTo("/api/v1/odd/ens_abcdefghijklmnop_***/x");
    }

    @Test
    void pathsStayAsTheyCameAndCannotBreakTheLine() {
        assertThat(AccessLog.loggablePath("/v2/containers/app/blobs/sha256:ab12"))
                .isEqualTo("/v2/containers/app/blobs/sha256:ab12");
        assertThat(AccessLog.loggablePath("/maven/r/a%0Ab\"c d")).isEqualTo("/maven/r/a%0Ab?c d");
        assertThat(AccessLog.loggablePath("/x\ny")).isEqualTo("/x?y");
    }
}
