package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.http.ClientAddress;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.identity.PolicyService;
import io.enseada.shared.model.PolicySpec;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /ui/admin/policies}, for administrators: the access policies, a form that creates a
 * policy or replaces the one of the same name (rules one a line, see {@link PolicyLines}), and
 * delete — through the same {@link PolicyService} as {@code /api/v1/policies}, audited alike.
 */
final class PolicyPages {
    static final String PATH = "/ui/admin/policies";

    private final PolicyService policies;
    private final AuditLog audit;
    private final PageFrames frames;
    private final Pages pages;

    PolicyPages(PolicyService policies, AuditLog audit, PageFrames frames, Pages pages) {
        this.policies = policies;
        this.audit = audit;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(PATH, this::list, AccessRule.ADMIN);
        routes.post(PATH, this::save, AccessRule.ADMIN);
        routes.post(PATH + "/{name}/delete", this::delete, AccessRule.ADMIN);
    }

    private void list(Context ctx) {
        PoliciesView.Form form = PoliciesView.Form.EMPTY;
        String edit = ctx.queryParam("edit");
        if (edit != null) {
            form = policies.get(edit)
                    .map(policy -> new PoliciesView.Form(
                            policy.name(), String.join(", ", policy.subjects()), PolicyLines.format(policy.rules())))
                    .orElse(PoliciesView.Form.EMPTY);
        }
        show(ctx, 200, form, null);
    }

    private void save(Context ctx) {
        PoliciesView.Form form =
                new PoliciesView.Form(Forms.text(ctx, "name"), Forms.text(ctx, "subjects"), Forms.text(ctx, "rules"));
        PolicySpec policy;
        boolean replaced;
        try {
            PolicySpec wanted =
                    new PolicySpec(form.name(), Forms.list(ctx, "subjects"), PolicyLines.parse(form.rules()));
            replaced = policies.get(wanted.name()).isPresent();
            policy = replaced ? policies.replace(wanted.name(), wanted) : policies.create(wanted);
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            show(ctx, refusal.status(), form, refusal.message());
            return;
        }
        audited(ctx, replaced ? "policy.update" : "policy.create", "policy:" + policy.name());
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        try {
            policies.delete(name);
        } catch (RuntimeException e) {
            Forms.Refusal refusal = Forms.refusal(e).orElseThrow(() -> e);
            show(ctx, refusal.status(), PoliciesView.Form.EMPTY, refusal.message());
            return;
        }
        audited(ctx, "policy.delete", "policy:" + name);
        ctx.redirect(PATH, HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, int status, PoliciesView.Form form, String error) {
        List<PolicySpec> all = policies.list().stream()
                .sorted(Comparator.comparing(PolicySpec::name))
                .toList();
        pages.render(
                ctx,
                status,
                "policies.jte",
                frames.of(ctx, "Policies", "policies"),
                new PoliciesView(all, form, error));
    }

    private void audited(Context ctx, String action, String target) {
        audit.record(AccessGuard.principal(ctx), action, target, ClientAddress.of(ctx), "ok");
    }
}
