package io.enseada.registry.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enseada.registry.access.AccessRule;
import io.enseada.registry.testing.RawHttp;
import io.javalin.config.JavalinConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A route that declares only GET answers HEAD the same way, under the same access rule. */
class ImplicitHeadTest {
    private BareApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void headRunsTheGetHandlerUnderItsRuleAndSendsItsHeadersWithoutBody() {
        List<Object> rolesSeen = new ArrayList<>();
        RawHttp http = serve(cfg -> {
            cfg.routes.beforeMatched(ctx -> rolesSeen.addAll(ctx.routeRoles()));
            cfg.routes.get(
                    "/things/{id}",
                    ctx -> ctx.header("ETag", "\"" + ctx.pathParam("id") + "\"")
                            .json(Map.of("id", ctx.pathParam("id"), "padding", "x".repeat(4000))),
                    AccessRule.ANYONE);
        });

        RawHttp.Response get = http.send("GET", "/things/42", Map.of());
        RawHttp.Response head = http.send("HEAD", "/things/42", Map.of());

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ETag")).isEqualTo("\"42\"");
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.header("Content-Length"))
                .isEqualTo(get.header("Content-Length"))
                .isNotNull();
        assertThat(head.body()).isEmpty();
        assertThat(rolesSeen).containsExactly(AccessRule.ANYONE, AccessRule.ANYONE);
    }

    @Test
    void aStreamWithADeclaredLengthIsClosedUnread() {
        AtomicBoolean read = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        RawHttp http = serve(cfg -> cfg.routes.get(
                "/blob",
                ctx -> ctx.contentType("application/octet-stream")
                        .header("Content-Length", "1048576")
                        .result(new FilterInputStream(InputStream.nullInputStream()) {
                            @Override
                            public int read(byte[] b, int off, int len) {
                                read.set(true);
                                return -1;
                            }

                            @Override
                            public void close() throws IOException {
                                closed.set(true);
                                super.close();
                            }
                        })));

        RawHttp.Response head = http.send("HEAD", "/blob", Map.of());

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("1048576");
        assertThat(read).isFalse();
        assertThat(closed).isTrue();
    }

    @Test
    void aRouteCannotDeclareHeadBesideItsGet() {
        assertThatThrownBy(() -> serve(cfg -> {
                    cfg.routes.get("/twice", ctx -> ctx.result("get"));
                    cfg.routes.head("/twice", ctx -> ctx.result("head"));
                }))
                .hasMessageContaining("HEAD")
                .hasMessageContaining("/twice");
    }

    private RawHttp serve(Consumer<JavalinConfig> routes) {
        app = BareApp.start(cfg -> {
            new ImplicitHead().install(cfg);
            routes.accept(cfg);
        });
        return app.http();
    }
}
