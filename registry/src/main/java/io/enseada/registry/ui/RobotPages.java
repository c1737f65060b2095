package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.identity.RobotService;
import io.enseada.registry.identity.TokenService;
import io.enseada.shared.model.RobotRecord;
import io.enseada.shared.model.Subject;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /ui/admin/robots}, for administrators: the machine accounts — create (with a first token,
 * whose secret is shown once), disable or enable, delete — through the same {@link RobotService}
 * and {@link TokenService} as the API, audited under the same action names.
 */
final class RobotPages {
    static final String PATH = "/ui/admin/robots";

    private final RobotService robots;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final PageFrames frames;
    private final Pages pages;

    RobotPages(RobotService robots, TokenService tokens, AuditLog audit, Clock clock, PageFrames frames, Pages pages) {
        this.robots = robots;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(PATH, ctx -> show(ctx, 200, null, null), AccessRule.ADMIN);
        routes.post(PATH, this::create, AccessRule.ADMIN);
        routes.post(PATH + "/{name}/disable", ctx -> enable(ctx, false), AccessRule.ADMIN);
        routes.post(PATH + "/{name}/enable", ctx -> enable(ctx, true), AccessRule.ADMIN);
        routes.post(PATH + "/{name}/delete", this::delete, AccessRule.ADMIN);
    }

    private void create(Context ctx) {
        RobotRecord robot;
        try {
            String description = Forms.text(ctx, "description");
            robot = robots.create(new RobotService.RobotRequest(
                    Forms.text(ctx, "name"), description.isEmpty() ? null : description, false));
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            show(ctx, refusal.status(), null, refusal.message());
            return;
        }
        audited(ctx, "robot.create", "robot:" + robot.name());
        TokenService.CreatedToken created = null;
        if (Forms.checked(ctx, "token")) {
            created = tokens.create(
                    AccessGuard.principal(ctx),
                    new TokenService.TokenRequest(
                            Subject.robot(robot.name()),
                            "first token of " + robot.name(),
                            clock.instant().plus(Duration.ofDays(365)),
                            List.of()));
            audited(
                    ctx,
                    "token.create",
                    "token:" + created.details().id() + " for "
                            + created.details().owner());
        }
        show(ctx, 201, created, null);
    }

    private void enable(Context ctx, boolean enabled) {
        String name = ctx.pathParam("name");
        try {
            robots.update(name, new RobotService.RobotRequest(null, null, !enabled));
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            show(ctx, refusal.status(), null, refusal.message());
            return;
        }
        audited(ctx, "robot.update", "robot:" + name);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        int revoked;
        try {
            revoked = robots.delete(name);
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            show(ctx, refusal.status(), null, refusal.message());
            return;
        }
        String revokedTokens = revoked == 0 ? "" : " (" + revoked + (revoked == 1 ? " token" : " tokens") + " revoked)";
        audited(ctx, "robot.delete", "robot:" + name + revokedTokens);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, int status, TokenService.CreatedToken created, String error) {
        List<RobotRecord> all = robots.list().stream()
                .sorted(Comparator.comparing(RobotRecord::name))
                .toList();
        pages.render(
                ctx, status, "robots.jte", frames.of(ctx, "Robots", "robots"), new RobotsView(all, created, error));
    }

    private void audited(Context ctx, String action, String target) {
        audit.record(AccessGuard.principal(ctx), action, target, ClientAddress.of(ctx), "ok");
    }
}
