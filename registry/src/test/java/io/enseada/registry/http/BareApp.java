package io.enseada.registry.http;

import io.enseada.registry.testing.RawHttp;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/** A bare Javalin on a free port with only the parts a test installs, and the route RawHttp's follow-up request needs. */
record BareApp(Javalin app) implements AutoCloseable {

    static BareApp start(Consumer<JavalinConfig> config) {
        return new BareApp(Javalin.create(cfg -> {
                    cfg.startup.showJavalinBanner = false;
                    config.accept(cfg);
                    cfg.routes.get("/health/live", ctx -> ctx.result("up"));
                })
                .start("127.0.0.1", 0));
    }

    RawHttp http() {
        return new RawHttp("127.0.0.1", app.port());
    }

    @Override
    public void close() {
        app.stop();
    }
}
