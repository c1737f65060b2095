package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Turns a stored packument into what clients read: the full document, the abbreviated one
 * installers ask for, and single versions, with tarball links built from the public URL at read
 * time (so a changed public URL changes every link at once).
 */
final class PackumentViews {
    /** The fields npm's abbreviated metadata format keeps of each version. */
    private static final List<String> ABBREVIATED_VERSION_FIELDS = List.of(
            "name",
            "version",
            "deprecated",
            "dependencies",
            "optionalDependencies",
            "devDependencies",
            "bundleDependencies",
            "bundledDependencies",
            "peerDependencies",
            "peerDependenciesMeta",
            "acceptDependencies",
            "bin",
            "directories",
            "dist",
            "engines",
            "_hasShrinkwrap",
            "hasInstallScript",
            "cpu",
            "os",
            "libc",
            "funding",
            "license");

    private final ObjectMapper json;

    PackumentViews(ObjectMapper json) {
        this.json = json;
    }

    /** @param registryUrl the repository's npm URL, without a trailing slash */
    ObjectNode full(StoredPackument packument, String registryUrl) {
        ObjectNode out = json.createObjectNode();
        out.put("_id", packument.name().toString());
        out.put("_rev", packument.rev());
        out.put("name", packument.name().toString());
        describe(packument, out, "description");
        out.set("dist-tags", json.valueToTree(packument.distTags()));
        ObjectNode versions = out.putObject("versions");
        packument
                .versions()
                .forEach(
                        (version, manifest) -> versions.set(version, version(manifest, packument.name(), registryUrl)));
        out.set("time", json.valueToTree(packument.time()));
        for (String field : List.of(
                "maintainers", "readme", "readmeFilename", "keywords", "license", "homepage", "repository", "bugs")) {
            describe(packument, out, field);
        }
        return out;
    }

    ObjectNode abbreviated(StoredPackument packument, String registryUrl) {
        ObjectNode out = json.createObjectNode();
        out.put("name", packument.name().toString());
        String modified = packument.time().get(StoredPackument.MODIFIED);
        if (modified != null) {
            out.put(StoredPackument.MODIFIED, modified);
        }
        out.set("dist-tags", json.valueToTree(packument.distTags()));
        ObjectNode versions = out.putObject("versions");
        // The answer is serialized at once and never changed, so it shares the stored manifests'
        // nodes instead of copying them; only dist, which gets the tarball link, is a copy.
        packument.versions().forEach((version, manifest) -> {
            ObjectNode small = versions.putObject(version);
            for (String field : ABBREVIATED_VERSION_FIELDS) {
                if (field.equals("dist")) {
                    small.set(field, dist(manifest, packument.name(), registryUrl));
                } else {
                    JsonNode value = manifest.get(field);
                    if (value != null && !value.isNull()) {
                        small.set(field, value);
                    }
                }
            }
        });
        return out;
    }

    private ObjectNode dist(ObjectNode stored, NpmPackageName name, String registryUrl) {
        ObjectNode dist = stored.path("dist") instanceof ObjectNode given ? given.deepCopy() : json.createObjectNode();
        dist.put("tarball", tarballUrl(registryUrl, name, stored.path("version").asText()));
        return dist;
    }

    /** One version's manifest, as stored plus its tarball link. */
    ObjectNode version(ObjectNode stored, NpmPackageName name, String registryUrl) {
        ObjectNode manifest = stored.deepCopy();
        ObjectNode dist = manifest.withObjectProperty("dist");
        dist.put(
                "tarball",
                tarballUrl(registryUrl, name, manifest.path("version").asText()));
        return manifest;
    }

    static String tarballUrl(String registryUrl, NpmPackageName name, String version) {
        return registryUrl + "/" + name + "/-/" + name.tarballFile(version);
    }

    private static void describe(StoredPackument from, ObjectNode to, String field) {
        JsonNode value = from.described(field);
        if (value != null && !value.isNull()) {
            to.set(field, value.deepCopy());
        }
    }
}
