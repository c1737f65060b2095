package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.audit.AuditLog;
import io.enseada.registry.storage.BlobInfo;
import io.enseada.registry.storage.BlobStore;
import io.enseada.shared.model.RepositorySpec;
import io.enseada.shared.store.Document;
import io.enseada.shared.store.DocumentConflictException;
import io.enseada.shared.store.DocumentStore;
import io.enseada.shared.store.Page;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The npm format's logic: publish, metadata updates (deprecation), unpublish, dist-tags, reads and
 * search, over the document store (one packument per package) and the blob store (tarballs).
 * Every packument write is a read-modify-write through {@link DocumentStore#update}, so concurrent
 * writers are retried with the fresh document and nothing is lost.
 */
public final class NpmService {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int SEARCH_PAGE = 200;

    private final DocumentStore documents;
    private final BlobStore blobs;
    private final TarballStager stager;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    public NpmService(
            DocumentStore documents,
            BlobStore blobs,
            TarballStager stager,
            AuditLog audit,
            ObjectMapper json,
            Clock clock) {
        this.documents = documents;
        this.blobs = blobs;
        this.stager = stager;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    public Optional<StoredPackument> packument(RepositorySpec repository, NpmPackageName name) {
        return documents
                .get(NpmDocumentIds.packument(repository.name(), name))
                .map(document -> StoredPackument.read(name, document.body()))
                .filter(packument -> !packument.unpublished());
    }

    public StoredPackument requirePackument(RepositorySpec repository, NpmPackageName name) {
        return packument(repository, name).orElseThrow(() -> NpmException.notFound("package " + name + " not found"));
    }

    public NpmResults.Tarball tarball(RepositorySpec repository, NpmPackageName name, String file) {
        StoredPackument.TarballEntry entry = requirePackument(repository, name)
                .tarball(file)
                .orElseThrow(() -> NpmException.notFound("tarball " + file + " of " + name + " not found"));
        return new NpmResults.Tarball(entry.digest(), entry.size());
    }

    public InputStream open(NpmResults.Tarball tarball) {
        return blobs.open(tarball.digest());
    }

    // ---------------------------------------------------------------- publish and metadata updates

    public void put(NpmRequests.PutRequest request) {
        PublishBody body = PublishBody.read(request.body(), json, stager);
        if (body.attachments().isEmpty()) {
            updateMetadata(request, body.document());
            return;
        }
        NewVersion version;
        BlobInfo blob;
        try {
            version = NewVersion.check(request.name(), body, json);
            // Checked again inside the update; this early look keeps a refused version from becoming a blob.
            refuseRepublish(
                    documents
                            .get(NpmDocumentIds.packument(request.repository().name(), request.name()))
                            .map(document -> StoredPackument.read(request.name(), document.body()))
                            .orElse(null),
                    request.name(),
                    version.version());
            blob = stager.commit(version.tarball());
        } catch (RuntimeException e) {
            body.discard(stager);
            throw e;
        }
        String now = clock.instant().toString();
        update(request.repository().name(), request.name(), current -> published(current, request, version, blob, now));
        audit.record(
                request.caller().principal(),
                "npm.publish",
                target(request.repository().name(), request.name() + "@" + version.version()),
                request.caller().address(),
                "ok");
    }

    private StoredPackument published(
            StoredPackument current, NpmRequests.PutRequest request, NewVersion version, BlobInfo blob, String now) {
        StoredPackument doc = current != null ? current : StoredPackument.created(request.name(), now);
        refuseRepublish(doc, request.name(), version.version());
        ObjectNode manifest = version.manifest().deepCopy();
        JsonNode readme = manifest.remove("readme");
        manifest.putObject("_npmUser")
                .put("name", request.caller().principal().name())
                .put("email", "");
        doc.addVersion(
                version.version(),
                manifest,
                request.name().tarballFile(version.version()),
                new StoredPackument.TarballEntry(version.version(), blob.digest(), blob.size()),
                now);
        version.tags().forEach(tag -> doc.tag(tag, version.version()));
        if (!doc.distTags().containsKey(StoredPackument.LATEST)) {
            doc.tag(StoredPackument.LATEST, version.version());
        }
        if (version.version().equals(doc.distTags().get(StoredPackument.LATEST))) {
            for (String field :
                    List.of("description", "keywords", "license", "homepage", "repository", "bugs", "readmeFilename")) {
                doc.describe(field, manifest.get(field));
            }
            JsonNode rootReadme = version.document().get("readme");
            doc.describe("readme", rootReadme != null ? rootReadme : readme);
        }
        if (doc.described("maintainers") == null) {
            doc.describe(
                    "maintainers",
                    json.createArrayNode()
                            .add(json.createObjectNode()
                                    .put("name", request.caller().principal().name())
                                    .put("email", "")));
        }
        return doc.bumped();
    }

    /** The public registry never lets a version number be used twice, even after an unpublish. */
    private static void refuseRepublish(StoredPackument doc, NpmPackageName name, String version) {
        if (doc == null) {
            return;
        }
        if (doc.version(version).isPresent()) {
            throw NpmException.forbidden("You cannot publish over the previously published versions: " + version + ".");
        }
        if (doc.time().containsKey(version)) {
            throw NpmException.forbidden(
                    "Cannot publish " + name + "@" + version
                            + " over a previously unpublished version: version numbers cannot be reused, publish a new version.");
        }
    }

    /** A {@code PUT /<package>} without a tarball: the CLI's {@code npm deprecate}. */
    private void updateMetadata(NpmRequests.PutRequest request, ObjectNode body) {
        NewVersion.requireSameName(request.name(), body);
        JsonNode sent = body.path("versions");
        if (!sent.isObject()) {
            throw NpmException.badRequest("the body has neither a tarball to publish nor versions to update");
        }
        List<String> changed = new ArrayList<>();
        update(request.repository().name(), request.name(), current -> {
            changed.clear();
            StoredPackument doc = existing(current, request.name());
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                ObjectNode manifest = doc.version(entry.getKey()).orElse(null);
                if (manifest == null) {
                    continue; // unpublished meanwhile, or never there: a metadata update publishes nothing
                }
                JsonNode wanted = entry.getValue().get("deprecated");
                String message = wanted == null || wanted.isNull() ? "" : wanted.asText();
                if (!message.equals(manifest.path("deprecated").asText(""))) {
                    if (message.isEmpty()) {
                        manifest.remove("deprecated");
                    } else {
                        manifest.put("deprecated", message);
                    }
                    changed.add(entry.getKey());
                }
            }
            return changed.isEmpty() ? doc : doc.changed(clock.instant().toString());
        });
        if (!changed.isEmpty()) {
            audit.record(
                    request.caller().principal(),
                    "npm.deprecate",
                    target(request.repository().name(), request.name() + "@" + String.join(",", changed)),
                    request.caller().address(),
                    "ok");
        }
    }

    // ---------------------------------------------------------------- unpublish

    /** Removes the versions the client's copy of the packument no longer lists. */
    public List<String> unpublishVersions(NpmRequests.UnpublishVersionsRequest request) {
        ObjectNode body;
        try (InputStream in = request.body()) {
            JsonNode node = json.readTree(in);
            if (!(node instanceof ObjectNode object)) {
                throw NpmException.badRequest("the body must be the packument, without the versions to unpublish");
            }
            body = object;
        } catch (IOException e) {
            throw NpmException.badRequest("the body is not valid JSON");
        }
        NewVersion.requireSameName(request.name(), body);
        JsonNode kept = body.path("versions");
        String wantedLatest = body.path("dist-tags").path("latest").asText(null);
        String now = clock.instant().toString();
        List<String> removed = new ArrayList<>();
        update(request.repository().name(), request.name(), current -> {
            removed.clear();
            StoredPackument doc = existing(current, request.name());
            requireRev(doc, request.rev(), request.name());
            doc.versions().keySet().forEach(v -> {
                if (!kept.has(v)) {
                    removed.add(v);
                }
            });
            return removed.isEmpty() ? doc : withoutVersions(doc, removed, wantedLatest, now);
        });
        if (!removed.isEmpty()) {
            audit.record(
                    request.caller().principal(),
                    "npm.unpublish",
                    target(request.repository().name(), request.name() + "@" + String.join(",", removed)),
                    request.caller().address(),
                    "ok");
        }
        return removed;
    }

    /** {@code DELETE /<package>/-rev/<rev>}: every version goes; the version numbers stay used. */
    public void unpublishPackage(NpmRequests.UnpublishPackageRequest request) {
        String now = clock.instant().toString();
        update(request.repository().name(), request.name(), current -> {
            StoredPackument doc = existing(current, request.name());
            requireRev(doc, request.rev(), request.name());
            return withoutVersions(doc, new ArrayList<>(doc.versions().keySet()), null, now);
        });
        audit.record(
                request.caller().principal(),
                "npm.unpublish",
                target(request.repository().name(), request.name().toString()),
                request.caller().address(),
                "ok");
    }

    /**
     * The CLI removes a tarball after unpublishing its version. Blobs are shared by content across
     * repositories and formats, so nothing is deleted here; a tarball still in use is refused.
     */
    public void removeTarball(RepositorySpec repository, NpmPackageName name, String file) {
        Optional<StoredPackument> packument = packument(repository, name);
        if (packument.isPresent() && packument.get().tarball(file).isPresent()) {
            throw NpmException.conflict(
                    "tarball " + file + " still belongs to a published version; unpublish the version");
        }
    }

    private static StoredPackument withoutVersions(
            StoredPackument doc, List<String> removed, String wantedLatest, String now) {
        doc.removeVersions(removed);
        Map<String, ObjectNode> versions = doc.versions();
        List<String> stale = new ArrayList<>();
        doc.distTags().forEach((tag, version) -> {
            if (!versions.containsKey(version)) {
                stale.add(tag);
            }
        });
        stale.forEach(doc::untag);
        if (!versions.isEmpty() && !doc.distTags().containsKey(StoredPackument.LATEST)) {
            doc.tag(
                    StoredPackument.LATEST,
                    wantedLatest != null && versions.containsKey(wantedLatest)
                            ? wantedLatest
                            : highest(versions.keySet()));
        }
        if (versions.isEmpty()) {
            doc.markUnpublished(now, removed);
        }
        return doc.changed(now);
    }

    private static String highest(Set<String> versions) {
        TreeSet<String> all = new TreeSet<>(Semver.ORDER);
        all.addAll(versions);
        return all.stream()
                .filter(v -> !Semver.prerelease(v))
                .reduce((a, b) -> b)
                .orElse(all.last());
    }

    private static void requireRev(StoredPackument doc, String rev, NpmPackageName name) {
        if (StoredPackument.counterOf(rev) != doc.revision()) {
            throw NpmException.conflict("Document update conflict: " + name + " changed since revision " + rev
                    + " was read (now " + doc.rev() + "); read it again and retry");
        }
    }

    // ---------------------------------------------------------------- dist-tags

    public Map<String, String> distTags(RepositorySpec repository, NpmPackageName name) {
        return requirePackument(repository, name).distTags();
    }

    public void setDistTag(NpmRequests.DistTagRequest request) {
        requireTag(request.tag());
        update(request.repository().name(), request.name(), current -> {
            StoredPackument doc = existing(current, request.name());
            if (doc.version(request.version()).isEmpty()) {
                throw NpmException.notFound("version " + request.version() + " of " + request.name() + " not found");
            }
            if (request.version().equals(doc.distTags().get(request.tag()))) {
                return doc;
            }
            doc.tag(request.tag(), request.version());
            return doc.changed(clock.instant().toString());
        });
        audit.record(
                request.caller().principal(),
                "npm.dist-tag.add",
                target(request.repository().name(), request.name() + "@" + request.version() + " as " + request.tag()),
                request.caller().address(),
                "ok");
    }

    public void removeDistTag(NpmRequests.DistTagRequest request) {
        if ("latest".equals(request.tag())) {
            throw NpmException.badRequest("the latest tag cannot be removed; point it at another version instead");
        }
        update(request.repository().name(), request.name(), current -> {
            StoredPackument doc = existing(current, request.name());
            if (!doc.distTags().containsKey(request.tag())) {
                throw NpmException.notFound("dist-tag " + request.tag() + " of " + request.name() + " not found");
            }
            doc.untag(request.tag());
            return doc.changed(clock.instant().toString());
        });
        audit.record(
                request.caller().principal(),
                "npm.dist-tag.remove",
                target(request.repository().name(), request.name() + " tag " + request.tag()),
                request.caller().address(),
                "ok");
    }

    static void requireTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches() || Semver.valid(tag) || tag.matches("v?\\d.*")) {
            throw NpmException.badRequest(
                    "invalid dist-tag '" + tag + "': use letters, digits, '.', '_' or '-', not a version or range");
        }
    }

    // ---------------------------------------------------------------- search

    /** Readable packages whose name, description or keywords contain every word of {@code text}, in name order. */
    public NpmResults.SearchResult search(NpmRequests.SearchRequest request) {
        List<String> words = request.text() == null
                ? List.of()
                : List.of(request.text().toLowerCase(Locale.ROOT).trim().split("\\s+")).stream()
                        .filter(w -> !w.isEmpty())
                        .toList();
        List<NpmResults.SearchHit> hits = new ArrayList<>();
        int total = 0;
        String prefix = NpmDocumentIds.packages(request.repository().name());
        String after = null;
        do {
            Page page = documents.list(prefix, after, SEARCH_PAGE);
            for (Document document : page.documents()) {
                Optional<StoredPackument> packument = searchable(document);
                ObjectNode latest = packument.flatMap(StoredPackument::latest).orElse(null);
                if (latest == null
                        || !matches(packument.get(), latest, words)
                        || !request.readable().test(packument.get().name())) {
                    continue;
                }
                if (total >= request.from() && hits.size() < request.size()) {
                    hits.add(new NpmResults.SearchHit(
                            latest, packument.get().time().get(StoredPackument.MODIFIED)));
                }
                total++;
            }
            after = page.next();
        } while (after != null);
        return new NpmResults.SearchResult(hits, total);
    }

    /** A stored packument under a name that is no valid package name (written by hand) is never found. */
    private static Optional<StoredPackument> searchable(Document document) {
        try {
            NpmPackageName name =
                    NpmPackageName.parse(document.body().path("name").asText());
            return Optional.of(StoredPackument.read(name, document.body()));
        } catch (InvalidPackageNameException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(StoredPackument packument, ObjectNode latest, List<String> words) {
        String haystack = (packument.name() + " "
                        + latest.path("description").asText("") + " "
                        + latest.path("keywords").toString())
                .toLowerCase(Locale.ROOT);
        return words.stream().allMatch(haystack::contains);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A read-modify-write of one packument. {@code change} gets the current packument, or null when
     * there is none; a packument it hands back without raising its revision is left as stored.
     */
    private void update(String repository, NpmPackageName name, UnaryOperator<StoredPackument> change) {
        try {
            documents.update(NpmDocumentIds.packument(repository, name), current -> {
                StoredPackument before = current == null ? null : StoredPackument.read(name, current);
                long revision = before == null ? -1 : before.revision();
                StoredPackument after = change.apply(before);
                return after.revision() == revision ? current : after.toJson();
            });
        } catch (DocumentConflictException e) {
            throw NpmException.conflict("too many concurrent changes to " + name + "; retry");
        }
    }

    private static StoredPackument existing(StoredPackument current, NpmPackageName name) {
        if (current == null || current.unpublished()) {
            throw NpmException.notFound("package " + name + " not found");
        }
        return current;
    }

    private static String target(String repository, String what) {
        return "npm:" + repository + "/" + what;
    }

    static String sri(byte[] sha512) {
        return "sha512-" + Base64.getEncoder().encodeToString(sha512);
    }
}
