package io.enseada.registry.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.util.Arrays;

/** Registers the routes of one protocol, each carrying that protocol as a role beside its access rule. */
public final class ProtocolRoutes {
    private final RoutesConfig routes;
    private final Protocol protocol;

    public ProtocolRoutes(RoutesConfig routes, Protocol protocol) {
        this.routes = routes;
        this.protocol = protocol;
    }

    public void get(String path, Handler handler, RouteRole... roles) {
        routes.get(path, handler, with(roles));
    }

    public void post(String path, Handler handler, RouteRole... roles) {
        routes.post(path, handler, with(roles));
    }

    public void put(String path, Handler handler, RouteRole... roles) {
        routes.put(path, handler, with(roles));
    }

    public void patch(String path, Handler handler, RouteRole... roles) {
        routes.patch(path, handler, with(roles));
    }

    public void delete(String path, Handler handler, RouteRole... roles) {
        routes.delete(path, handler, with(roles));
    }

    private RouteRole[] with(RouteRole[] roles) {
        RouteRole[] all = Arrays.copyOf(roles, roles.length + 1);
        all[roles.length] = protocol;
        return all;
    }
}
