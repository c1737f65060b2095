package io.enseada.registry.ui;

import io.enseada.registry.access.AccessGuard;
import io.enseada.registry.access.AccessRule;
import io.enseada.registry.access.Authorizer;
import io.enseada.registry.access.Principal;
import io.enseada.registry.errors.NotFoundException;
import io.enseada.registry.http.ProtocolRoutes;
import io.enseada.registry.http.PublicUrl;
import io.enseada.registry.repository.PackageBrowser;
import io.enseada.registry.repository.RepositoryUsage;
import io.enseada.registry.repository.browse.ArtifactDetail;
import io.enseada.registry.repository.browse.ImageDetail;
import io.enseada.registry.repository.browse.PackageDetail;
import io.enseada.shared.model.AccessAction;
import io.enseada.shared.model.Format;
import io.enseada.shared.model.RepositorySpec;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pages that show what the repositories hold: the dashboard, one repository, one package, and
 * search. Each reads through the same {@link PackageBrowser} as the management API's
 * {@code /api/v1/repositories/{name}/packages}, {@code /api/v1/search} and
 * {@code /api/v1/activity}, under the same access rules.
 */
final class BrowsePages {
    static final int PAGE = 50;
    private static final int RECENT = 10;

    private final Supplier<Collection<RepositorySpec>> repositories;
    private final Authorizer authorizer;
    private final PackageBrowser browser;
    private final RepositoryUsage usage;
    private final PublicUrl publicUrl;
    private final PageFrames frames;
    private final Pages pages;

    BrowsePages(
            Supplier<Collection<RepositorySpec>> repositories,
            Authorizer authorizer,
            PackageBrowser browser,
            RepositoryUsage usage,
            PublicUrl publicUrl,
            PageFrames frames,
            Pages pages) {
        this.repositories = repositories;
        this.authorizer = authorizer;
        this.browser = browser;
        this.usage = usage;
        this.publicUrl = publicUrl;
        this.frames = frames;
        this.pages = pages;
    }

    void register(ProtocolRoutes routes) {
        routes.get(UiRoutes.ROOT, this::dashboard, AccessRule.AUTHENTICATED);
        routes.get("/ui/search", this::search, AccessRule.AUTHENTICATED);
        routes.get("/ui/repositories/{name}", this::repository, AccessRule.on(AccessAction.READ, "name"));
        routes.get("/ui/repositories/{name}/<package>", this::item, AccessRule.on(AccessAction.READ, "name"));
    }

    private void dashboard(Context ctx) {
        Principal caller = AccessGuard.principal(ctx);
        List<DashboardView.FormatSection> sections = new ArrayList<>();
        for (Format format : Format.values()) {
            List<DashboardView.RepositoryRow> rows = repositories.get().stream()
                    .filter(repository -> repository.format() == format)
                    .filter(repository -> authorizer.allows(caller, repository, AccessAction.READ))
                    .sorted(Comparator.comparing(RepositorySpec::name))
                    .map(repository -> new DashboardView.RepositoryRow(
                            repository.name(),
                            repository.kind().wireName(),
                            repository.visibility().name().toLowerCase(java.util.Locale.ROOT),
                            browser.count(caller, repository),
                            usage.of(repository).bytes()))
                    .toList();
            if (!rows.isEmpty()) {
                sections.add(new DashboardView.FormatSection(format.wireName(), label(format), rows));
            }
        }
        pages.render(
                ctx,
                200,
                "dashboard.jte",
                frames.of(ctx, "Dashboard", "dashboard"),
                new DashboardView(sections, browser.recent(caller, RECENT)));
    }

    private void search(Context ctx) {
        String query = ctx.queryParamAsClass("q", String.class).getOrDefault("").trim();
        if (query.length() > 200) {
            query = query.substring(0, 200);
        }
        List<PackageBrowser.Hit> hits =
                query.isEmpty() ? List.of() : browser.search(AccessGuard.principal(ctx), query, 100);
        pages.render(ctx, 200, "search.jte", frames.of(ctx, "Search", "search"), new SearchView(query, hits));
    }

    private void repository(Context ctx) {
        RepositorySpec repository = AccessGuard.repository(ctx);
        PackageBrowser.Sort sort =
                PackageBrowser.Sort.parse(ctx.queryParam("sort")).orElse(PackageBrowser.Sort.NAME);
        boolean descending = "desc".equals(ctx.queryParam("order"));
        int offset = offset(ctx.queryParam("offset"));
        PackageBrowser.Listing listing =
                browser.packages(AccessGuard.principal(ctx), repository, sort, descending, offset, PAGE);
        Snippet snippet = Snippet.of(repository, publicUrl.base(ctx), publicUrl.host(ctx));
        RepositoryView view = new RepositoryView(
                repository.name(),
                repository.format().wireName(),
                repository.kind().wireName(),
                repository.visibility().name().toLowerCase(java.util.Locale.ROOT),
                repository.group() == null ? List.of() : repository.group().members(),
                repository.proxy() == null ? null : repository.proxy().url().toString(),
                usage.of(repository).bytes(),
                listing.items(),
                listing.total(),
                sort.wireName(),
                descending ? "desc" : "asc",
                offset,
                PAGE,
                snippet.label(),
                snippet.text());
        pages.render(ctx, 200, "repository.jte", frames.of(ctx, repository.name(), "repositories"), view);
    }

    private void item(Context ctx) {
        RepositorySpec repository = AccessGuard.repository(ctx);
        String name = ctx.pathParam("package");
        PackageDetail detail = browser.detail(AccessGuard.principal(ctx), repository, name)
                .orElseThrow(
                        () -> new NotFoundException("repository " + repository.name() + " holds no package " + name));
        String template = detail instanceof ImageDetail
                ? "image.jte"
                : detail instanceof ArtifactDetail ? "artifact.jte" : "npm.jte";
        PackageView<PackageDetail> view = new PackageView<>(
                repository.name(), repository.format().wireName(), detail, publicUrl.host(ctx), publicUrl.base(ctx));
        pages.render(ctx, 200, template, frames.of(ctx, name + " · " + repository.name(), "repositories"), view);
    }

    private static int offset(String text) {
        try {
            return text == null ? 0 : Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String label(Format format) {
        return switch (format) {
            case OCI -> "Container images";
            case MAVEN -> "Maven";
            case NPM -> "npm";
        };
    }
}
