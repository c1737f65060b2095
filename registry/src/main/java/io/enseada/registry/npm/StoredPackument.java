package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.storage.Digest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A package's document as stored: the npm packument fields ({@code dist-tags}, {@code versions}
 * without tarball links, {@code time}, description, readme, maintainers) plus what only the
 * registry needs — {@code tarballs} (file name to blob digest and size), {@code unpublished} (set
 * when every version was unpublished), and {@code rev}, a counter that is exposed as {@code _rev}
 * so that the CLI's read-modify-write can be checked for staleness inside one update.
 *
 * <p>What the registry owns is typed here. The version manifests and the package's descriptive
 * fields stay JSON: they are npm's open-ended {@code package.json} shapes, and whatever a client
 * sends in them must come back untouched.
 *
 * <p>A working copy, changed in place: {@link io.enseada.shared.store.DocumentStore#update} hands
 * each change a private copy of the body, which is read into one of these, changed, and written
 * back with {@link #toJson()}.
 */
final class StoredPackument {
    static final String LATEST = "latest";
    static final String CREATED = "created";
    static final String MODIFIED = "modified";

    private static final String NAME = "name";
    private static final String DIST_TAGS = "dist-tags";
    private static final String VERSIONS = "versions";
    private static final String TIME = "time";
    private static final String TARBALLS = "tarballs";
    private static final String UNPUBLISHED = "unpublished";
    private static final String REV = "rev";
    private static final Set<String> OWNED = Set.of(NAME, DIST_TAGS, VERSIONS, TIME, TARBALLS, UNPUBLISHED, REV);

    /** The blobs of a stored packument's tarballs, read without the rest of it. */
    static List<Digest> tarballDigests(ObjectNode body) {
        List<Digest> digests = new java.util.ArrayList<>();
        body.path(TARBALLS)
                .forEach(entry -> digests.add(Digest.parse(entry.path("digest").asText())));
        return digests;
    }

    /** The blob behind one tarball file name, and the version it belongs to. */
    record TarballEntry(String version, Digest digest, long size) {}

    /** The marker left when every version was unpublished: when, and which versions went. */
    record Unpublished(String time, List<String> versions) {}

    private final NpmPackageName name;
    private final Map<String, String> distTags;
    private final Map<String, ObjectNode> versions;
    private final Map<String, String> time;
    private final Map<String, TarballEntry> tarballs;
    /** The package's npm fields: description, readme, maintainers, keywords, license, and so on. */
    private final ObjectNode described;

    private Unpublished unpublished;
    private long revision;

    private StoredPackument(
            NpmPackageName name,
            Map<String, String> distTags,
            Map<String, ObjectNode> versions,
            Map<String, String> time,
            Map<String, TarballEntry> tarballs,
            ObjectNode described,
            Unpublished unpublished,
            long revision) {
        this.name = name;
        this.distTags = distTags;
        this.versions = versions;
        this.time = time;
        this.tarballs = tarballs;
        this.described = described;
        this.unpublished = unpublished;
        this.revision = revision;
    }

    /** A new package's document, before its first version. */
    static StoredPackument created(NpmPackageName name, String now) {
        StoredPackument packument = new StoredPackument(
                name,
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                JsonNodeFactory.instance.objectNode(),
                null,
                0);
        packument.time.put(CREATED, now);
        return packument;
    }

    /** Reads a stored body; {@code body} itself is never changed. */
    static StoredPackument read(NpmPackageName name, ObjectNode body) {
        Map<String, String> distTags = new LinkedHashMap<>();
        body.path(DIST_TAGS)
                .fields()
                .forEachRemaining(
                        tag -> distTags.put(tag.getKey(), tag.getValue().asText()));
        Map<String, ObjectNode> versions = new LinkedHashMap<>();
        body.path(VERSIONS).fields().forEachRemaining(version -> {
            if (version.getValue() instanceof ObjectNode manifest) {
                versions.put(version.getKey(), manifest);
            }
        });
        Map<String, String> time = new LinkedHashMap<>();
        body.path(TIME)
                .fields()
                .forEachRemaining(
                        entry -> time.put(entry.getKey(), entry.getValue().asText()));
        Map<String, TarballEntry> tarballs = new LinkedHashMap<>();
        body.path(TARBALLS).fields().forEachRemaining(file -> {
            JsonNode entry = file.getValue();
            tarballs.put(
                    file.getKey(),
                    new TarballEntry(
                            entry.path("version").asText(),
                            Digest.parse(entry.path("digest").asText()),
                            entry.path("size").asLong()));
        });
        ObjectNode described = JsonNodeFactory.instance.objectNode();
        body.fields().forEachRemaining(field -> {
            if (!OWNED.contains(field.getKey())) {
                described.set(field.getKey(), field.getValue());
            }
        });
        JsonNode marker = body.get(UNPUBLISHED);
        Unpublished unpublished = null;
        if (marker instanceof ObjectNode) {
            List<String> gone = new ArrayList<>();
            marker.path(VERSIONS).forEach(version -> gone.add(version.asText()));
            unpublished = new Unpublished(marker.path(TIME).asText(null), gone);
        }
        return new StoredPackument(
                name,
                distTags,
                versions,
                time,
                tarballs,
                described,
                unpublished,
                body.path(REV).asLong(0));
    }

    /** The body to store, in the shape {@link #read} reads and with its fields in the order earlier versions wrote them. */
    ObjectNode toJson() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode out = nodes.objectNode();
        out.put(NAME, name.toString());
        out.set(TIME, strings(time));
        ObjectNode versionsOut = out.putObject(VERSIONS);
        versions.forEach(versionsOut::set);
        ObjectNode tarballsOut = out.putObject(TARBALLS);
        tarballs.forEach((file, entry) -> tarballsOut
                .putObject(file)
                .put("version", entry.version())
                .put("digest", entry.digest().toString())
                .put("size", entry.size()));
        out.set(DIST_TAGS, strings(distTags));
        out.setAll(described);
        out.put(REV, revision);
        if (unpublished != null) {
            ObjectNode marker = out.putObject(UNPUBLISHED).put(TIME, unpublished.time());
            ArrayNode gone = marker.putArray(VERSIONS);
            unpublished.versions().forEach(gone::add);
        }
        return out;
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        map.forEach(node::put);
        return node;
    }

    NpmPackageName name() {
        return name;
    }

    // ---------------------------------------------------------------- revision

    /** The counter behind {@code _rev}, raised by every change. */
    long revision() {
        return revision;
    }

    /** What the CLI sends back as {@code _rev}: CouchDB-shaped, {@code <counter>-enseada}. */
    String rev() {
        return revision + "-enseada";
    }

    /** The counter part of a {@code _rev} the client sent, or -1 when it is not one of ours. */
    static long counterOf(String rev) {
        if (rev == null) {
            return -1;
        }
        int dash = rev.indexOf('-');
        try {
            return Long.parseLong(dash < 0 ? rev : rev.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Records a change: a new revision, and the package's modification time. */
    StoredPackument changed(String now) {
        time.put(MODIFIED, now);
        return bumped();
    }

    /** A new revision without touching the times (a publish sets them itself). */
    StoredPackument bumped() {
        revision++;
        return this;
    }

    // ---------------------------------------------------------------- versions and tarballs

    /** True when no version is left: such a package is gone for readers. */
    boolean unpublished() {
        return versions.isEmpty();
    }

    Optional<Unpublished> unpublishedMarker() {
        return Optional.ofNullable(unpublished);
    }

    /** The stored manifests by version, in publish order. */
    Map<String, ObjectNode> versions() {
        return Collections.unmodifiableMap(versions);
    }

    Optional<ObjectNode> version(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    /** A version or a dist-tag. */
    Optional<ObjectNode> versionOrTag(String spec) {
        Optional<ObjectNode> exact = version(spec);
        if (exact.isPresent()) {
            return exact;
        }
        String tagged = distTags.get(spec);
        return tagged == null ? Optional.empty() : version(tagged);
    }

    /** The manifest the {@code latest} tag points at. */
    Optional<ObjectNode> latest() {
        return version(distTags.getOrDefault(LATEST, ""));
    }

    /** The blob behind a tarball file name. */
    Optional<TarballEntry> tarball(String file) {
        return Optional.ofNullable(tarballs.get(file));
    }

    /** Adds a version with its tarball, timed {@code now}; a publish clears an earlier unpublish. */
    void addVersion(String version, ObjectNode manifest, String file, TarballEntry tarball, String now) {
        versions.put(version, manifest);
        tarballs.put(file, tarball);
        time.put(version, now);
        time.put(MODIFIED, now);
        unpublished = null;
    }

    /** Removes versions with their tarballs; dist-tags are left to the caller. */
    void removeVersions(Collection<String> gone) {
        versions.keySet().removeAll(gone);
        tarballs.values().removeIf(entry -> gone.contains(entry.version()));
    }

    void markUnpublished(String now, List<String> gone) {
        unpublished = new Unpublished(now, List.copyOf(gone));
    }

    // ---------------------------------------------------------------- dist-tags and times

    Map<String, String> distTags() {
        return Collections.unmodifiableMap(distTags);
    }

    void tag(String tag, String version) {
        distTags.put(tag, version);
    }

    void untag(String tag) {
        distTags.remove(tag);
    }

    /** When the package was created and changed, and when each version (even an unpublished one) was published. */
    Map<String, String> time() {
        return Collections.unmodifiableMap(time);
    }

    // ---------------------------------------------------------------- npm's own fields

    /** One of the package's npm fields (description, readme, maintainers …), or null. */
    JsonNode described(String field) {
        return described.get(field);
    }

    /** Sets one of the package's npm fields, or removes it for a null or JSON-null value. */
    void describe(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            described.remove(field);
        } else {
            described.set(field, value);
        }
    }
}
