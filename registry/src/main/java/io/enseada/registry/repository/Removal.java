package io.enseada.registry.repository;

import io.enseada.shared.model.Format;
import io.enseada.shared.store.Document;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One thing a repository's retention removes — a tag, a manifest, a snapshot build, versions of a
 * package, a cached item — planned by its format ({@link RegistryFormat#retention}) and applied
 * by the storage lifecycle, unless a dry run only reports it.
 *
 * @param kind      what is removed: {@code tag}, {@code manifest}, {@code snapshot}, {@code version}
 *                  or {@code cached}
 * @param item      what a person reads to recognise it: {@code image:tag}, {@code image@sha256:…},
 *                  {@code group:artifact:1.0-20260101.101010-3}, {@code package@1.0.0}, a path
 * @param reason    the retention key that removes it and why ({@code keepTags: 12th newest})
 * @param gone      the documents the removal deletes, as the plan read them
 * @param rewritten documents the removal rewrites, as they will be after it (same ids and the
 *                  revisions the plan read): a packument without the removed versions
 * @param apply     removes it, re-checking at the time what the plan assumed (a tag re-pushed or a
 *                  manifest tagged since is left alone); false when it left it alone
 */
public record Removal(
        String repository,
        Format format,
        String kind,
        String item,
        String reason,
        List<Document> gone,
        List<Document> rewritten,
        BooleanSupplier apply) {

    public Removal {
        gone = List.copyOf(gone);
        rewritten = List.copyOf(rewritten);
    }
}
