package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.ValidationException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.identity.TokenService;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.PolicyRule;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /ui/admin/tokens}: every signed-in user's own API tokens — list, create with a scope and
 * an expiry, revoke — through the same {@link TokenService} as {@code /api/v1/tokens}. The secret
 * is shown once, on the page that answers the creation, and never again.
 */
final class TokenPages {
    static final String PATH = "/ui/admin/tokens";
    private static final List<Integer> EXPIRY_DAYS = List.of(7, 30, 90, 365);

    private final TokenService tokens;
    private final Supplier<Collection<RepositorySpec>> repositories;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Clock clock;
    private final PageFrames frames;
    private final Pages pages;

    TokenPages(
            TokenService tokens,
            Supplier<Collection<RepositorySpec>> repositories,
            Authorizer authorizer,
            AuditLog audit,
            Clock clock,
            PageFrames frames,
            Pages pages) {
        this.tokens = tokens;
        this.repositories = repositories;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(PATH, ctx -> show(ctx, 200, null, null), AccessRule.AUTHENTICATED);
        routes.post(PATH, this::create, AccessRule.AUTHENTICATED);
        routes.post(PATH + "/{id}/revoke", this::revoke, AccessRule.AUTHENTICATED);
    }

    private void create(Context ctx) {
        Principal caller = AccessGuard.principal(ctx);
        TokenService.CreatedToken created;
        try {
            created = tokens.create(caller, request(ctx));
        } catch (ValidationException | IllegalArgumentException e) {
            show(ctx, 400, null, e.getMessage());
            return;
        }
        audit.record(
                caller,
                "token.create",
                "token:" + created.details().id() + " for " + created.details().owner(),
                ClientAddress.of(ctx),
                "ok");
        show(ctx, 201, created, null);
    }

    private TokenService.TokenRequest request(Context ctx) {
        String description = text(ctx.formParam("description"));
        if (description.isEmpty() || description.length() > 200) {
            throw new ValidationException(
                    "description", "Describe the token in 1 to 200 characters, e.g. \"CI deploys\".");
        }
        String expires = text(ctx.formParam("expires"));
        Instant expiresAt;
        if (expires.equals("never")) {
            expiresAt = null;
        } else {
            int days;
            try {
                days = Integer.parseInt(expires);
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (!EXPIRY_DAYS.contains(days)) {
                throw new ValidationException("expires", "Choose when the token expires.");
            }
            expiresAt = clock.instant().plus(Duration.ofDays(days));
        }
        String repository = text(ctx.formParam("repository"));
        List<PolicyRule> scope;
        if (repository.isEmpty()) {
            scope = List.of();
        } else {
            List<AccessAction> actions = "write".equals(ctx.formParam("access"))
                    ? List.of(AccessAction.READ, AccessAction.WRITE)
                    : List.of(AccessAction.READ);
            scope = List.of(new PolicyRule(List.of(repository), List.of(), actions));
        }
        return new TokenService.TokenRequest(null, description, expiresAt, scope);
    }

    private void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        tokens.revoke(AccessGuard.principal(ctx), id);
        audit.record(AccessGuard.principal(ctx), "token.revoke", "token:" + id, ClientAddress.of(ctx), "ok");
        ctx.redirect(PATH, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, int status, TokenService.CreatedToken created, String error) {
        Principal caller = AccessGuard.principal(ctx);
        List<TokenService.TokenView> mine = tokens.list(caller, null).stream()
                .sorted(Comparator.comparing(TokenService.TokenView::createdAt).reversed())
                .toList();
        List<String> writable = repositories.get().stream()
                .filter(repository -> authorizer.allows(caller, repository, AccessAction.READ))
                .map(RepositorySpec::name)
                .sorted()
                .toList();
        pages.render(
                ctx,
                status,
                "tokens.jte",
                frames.of(ctx, "API tokens", "tokens"),
                new TokensView(mine, created, error, writable));
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }
}
