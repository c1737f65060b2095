package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.identity.UserService;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Comparator;

/**
 * {@code /ui/admin/users}, for administrators: the users, a form that creates one, and per user a
 * page that changes or deletes it — through the same {@link UserService} as {@code /api/v1/users},
 * audited under the same action names.
 */
final class UserPages {
    static final String PATH = "/ui/admin/users";

    private final UserService users;
    private final AuditLog audit;
    private final PageFrames frames;
    private final Pages pages;

    UserPages(UserService users, AuditLog audit, PageFrames frames, Pages pages) {
        this.users = users;
        this.audit = audit;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(PATH, ctx -> list(ctx, 200, null), AccessRule.ADMIN);
        routes.post(PATH, this::create, AccessRule.ADMIN);
        routes.get(PATH + "/{name}", ctx -> edit(ctx, 200, null), AccessRule.ADMIN);
        routes.post(PATH + "/{name}", this::update, AccessRule.ADMIN);
        routes.post(PATH + "/{name}/delete", this::delete, AccessRule.ADMIN);
    }

    private void create(Context ctx) {
        UserService.UserView user;
        try {
            user = users.create(new UserService.UserRequest(
                    Forms.text(ctx, "name"),
                    ctx.formParam("password"),
                    Forms.checked(ctx, "admin"),
                    false,
                    Forms.list(ctx, "groups")));
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            list(ctx, refusal.status(), refusal.message());
            return;
        }
        audited(ctx, "user.create", "user:" + user.name());
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void update(Context ctx) {
        String name = ctx.pathParam("name");
        String password = ctx.formParam("password");
        try {
            users.update(
                    name,
                    new UserService.UserRequest(
                            null,
                            password == null || password.isEmpty() ? null : password,
                            Forms.checked(ctx, "admin"),
                            Forms.checked(ctx, "disabled"),
                            Forms.list(ctx, "groups")));
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            edit(ctx, refusal.status(), refusal.message());
            return;
        }
        audited(ctx, "user.update", "user:" + name);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        int revoked;
        try {
            revoked = users.delete(name);
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            list(ctx, refusal.status(), refusal.message());
            return;
        }
        String tokens = revoked == 0 ? "" : " (" + revoked + (revoked == 1 ? " token" : " tokens") + " revoked)";
        audited(ctx, "user.delete", "user:" + name + tokens);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void list(Context ctx, int status, String error) {
        pages.render(
                ctx,
                status,
                "users.jte",
                frames.of(ctx, "Users", "users"),
                new UsersView(
                        users.list().stream()
                                .sorted(Comparator.comparing(UserService.UserView::name))
                                .toList(),
                        error));
    }

    private void edit(Context ctx, int status, String error) {
        String name = ctx.pathParam("name");
        UserService.UserView user =
                users.get(name).orElseThrow(() -> new NotFoundException("user " + name + " not found"));
        pages.render(ctx, status, "user.jte", frames.of(ctx, "User " + name, "users"), new UserView(user, error));
    }

    private void audited(Context ctx, String action, String target) {
        audit.record(AccessGuard.principal(ctx), action, target, ClientAddress.of(ctx), "ok");
    }
}
