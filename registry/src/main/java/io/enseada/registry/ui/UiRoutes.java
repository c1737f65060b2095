package io.enseada.registry.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authenticator;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.http.ErrorRenderer;
import io.enseada.registry.http.Protocol;
import io.enseada.registry.http.ProtocolMounts;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.identity.PolicyService;
import io.enseada.registry.identity.RobotService;
import io.enseada.registry.identity.TokenService;
import io.enseada.registry.identity.UserService;
import io.enseada.registry.lifecycle.GarbageCollector;
import io.enseada.registry.repository.PackageBrowser;
import io.enseada.registry.repository.RepositoryUsage;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.DocumentStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The management web UI under {@code /ui/}: server-rendered pages (precompiled templates, no
 * script) over the same services and access rules as the management API. A browser that opens
 * {@code /} is sent here.
 */
public final class UiRoutes {
    public static final Protocol PROTOCOL = new Protocol("ui");
    static final String ROOT = "/ui/";
    static final String LOGIN = "/ui/login";
    static final String LOGOUT = "/ui/logout";

    private final UiAssets assets = new UiAssets();
    private final Pages pages = new Pages();
    private final PageFrames frames = new PageFrames(assets);
    private final SessionFilter filter;
    private final SignInPages signIn;
    private final BrowsePages browse;
    private final TokenPages tokenPages;
    private final UserPages userPages;
    private final RobotPages robotPages;
    private final PolicyPages policyPages;
    private final AuditPages auditPages;
    private final StoragePages storagePages;

    /** What the UI reads and changes: each the same service the management API calls. */
    public record Services(
            Supplier<Collection<RepositorySpec>> repositories,
            Authenticator authenticator,
            Authorizer authorizer,
            PackageBrowser browser,
            RepositoryUsage usage,
            TokenService tokens,
            AuditLog audit,
            UserService users,
            RobotService robots,
            PolicyService policies,
            GarbageCollector collector) {}

    public UiRoutes(
            Services services,
            DocumentStore store,
            PublicUrl publicUrl,
            ObjectMapper json,
            Clock clock,
            SecureRandom random) {
        UiSessions sessions = new UiSessions(store, services.authenticator(), json, clock, random);
        SessionCookies cookies = new SessionCookies(publicUrl);
        filter = new SessionFilter(sessions);
        signIn = new SignInPages(services.authenticator(), sessions, cookies, services.audit(), frames, pages);
        browse = new BrowsePages(
                services.repositories(),
                services.authorizer(),
                services.browser(),
                services.usage(),
                publicUrl,
                frames,
                pages);
        tokenPages = new TokenPages(
                services.tokens(),
                services.repositories(),
                services.authorizer(),
                services.audit(),
                clock,
                frames,
                pages);
        userPages = new UserPages(services.users(), services.audit(), frames, pages);
        robotPages = new RobotPages(services.robots(), services.tokens(), services.audit(), clock, frames, pages);
        policyPages = new PolicyPages(services.policies(), services.audit(), frames, pages);
        auditPages = new AuditPages(services.audit(), frames, pages);
        storagePages = new StoragePages(
                services.repositories(), services.usage(), services.collector(), services.audit(), frames, pages);
    }

    public ProtocolMounts.Mount mount() {
        return new ProtocolMounts.Mount("/ui", PROTOCOL);
    }

    public Map<Protocol, ErrorRenderer> errorRenderers() {
        return Map.of(PROTOCOL, new UiErrors(pages, assets));
    }

    /** Before every request, ahead of the access guard: the session, then the form check. */
    public void registerFilters(RoutesConfig config) {
        config.before(filter::resolve);
        config.before(filter::checkForm);
    }

    public void register(RoutesConfig config) {
        new ProtocolRoutes(config, Protocol.OTHER).get("/", UiRoutes::home, AccessRule.OPEN);
        ProtocolRoutes routes = new ProtocolRoutes(config, PROTOCOL);
        routes.get(UiAssets.PREFIX + "{file}", this::asset, AccessRule.OPEN);
        signIn.register(routes);
        browse.register(routes);
        tokenPages.register(routes);
        userPages.register(routes);
        robotPages.register(routes);
        policyPages.register(routes);
        auditPages.register(routes);
        storagePages.register(routes);
    }

    /**
     * Registered after every other route: a UI path no page has is an HTML 404 in the UI's frame,
     * not the router's plain-text one.
     */
    public void registerFallback(RoutesConfig config) {
        new ProtocolRoutes(config, PROTOCOL)
                .get(
                        ROOT + "<rest>",
                        ctx -> {
                            throw new NotFoundException("there is no page " + ctx.path());
                        },
                        AccessRule.ANYONE);
    }

    /** A browser asking for {@code /} gets the UI; a client that does not take HTML gets a 404 as before. */
    private static void home(Context ctx) {
        String accept = ctx.header(Header.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            ctx.redirect(ROOT, HttpStatus.SEE_OTHER);
            return;
        }
        throw new NotFoundException("nothing is served at /: the web UI is at /ui/, the API at /api/v1/");
    }

    private void asset(Context ctx) {
        byte[] bytes = assets.asset(ctx.pathParam("file"));
        if (bytes == null) {
            throw new NotFoundException("no asset " + ctx.pathParam("file"));
        }
        ctx.header(Header.CACHE_CONTROL, UiAssets.IMMUTABLE);
        ctx.contentType("text/css; charset=utf-8").result(bytes);
    }
}
