package io.enseada.registry.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A publish that passed every check: the name is valid and the same in the URL, the body, the
 * version manifest and the tarball's {@code package.json}; the version is new semver; the tarball's
 * bytes match {@code dist.shasum}, {@code dist.integrity} and the declared length.
 *
 * @param manifest the version manifest to store: the client's, with the registry's own {@code dist}
 * @param tags the dist-tags the client asked to point at this version
 */
record NewVersion(
        String version, ObjectNode manifest, List<String> tags, ObjectNode document, TarballStager.Staged tarball) {

    static NewVersion check(NpmPackageName name, PublishBody body, ObjectMapper json) {
        List<String> problems = name.problemsForNewPackage();
        if (!problems.isEmpty()) {
            throw new InvalidPackageNameException(name.toString(), String.join("; ", problems));
        }
        ObjectNode document = body.document();
        requireSameName(name, document);
        JsonNode versions = document.path("versions");
        if (!versions.isObject() || versions.size() != 1) {
            throw NpmException.badRequest("a publish carries exactly one version in 'versions'");
        }
        Map.Entry<String, JsonNode> entry = versions.fields().next();
        String version = entry.getKey();
        if (!Semver.valid(version)) {
            throw NpmException.badRequest("invalid version '" + version + "': versions must be valid semver");
        }
        if (!(entry.getValue() instanceof ObjectNode sent)) {
            throw NpmException.badRequest("versions." + version + " must be an object");
        }
        if (!name.toString().equals(sent.path("name").asText())
                || !version.equals(sent.path("version").asText())) {
            throw NpmException.badRequest(
                    "versions." + version + " names " + sent.path("name").asText() + "@"
                            + sent.path("version").asText() + ", not " + name + "@" + version);
        }
        PublishBody.Attachment attachment = body.attachments().get(0);
        TarballStager.Staged tarball = attachment.tarball();
        checkTarball(name, version, attachment, json);
        ObjectNode manifest = sent.deepCopy();
        if (manifest.has("dist") && !manifest.get("dist").isObject()) {
            throw NpmException.badRequest("versions." + version + ".dist must be an object");
        }
        ObjectNode dist = manifest.withObjectProperty("dist");
        checkDigests(dist, tarball);
        dist.remove("tarball");
        dist.put("shasum", tarball.sha1Hex());
        dist.put("integrity", sri(tarball.sha512()));
        manifest.put("_id", name + "@" + version);
        JsonNode scripts = manifest.path("scripts");
        if (scripts.has("preinstall") || scripts.has("install") || scripts.has("postinstall")) {
            manifest.put("hasInstallScript", true);
        }
        List<String> tags = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        document.path("dist-tags").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (!version.equals(tag.getValue().asText())) {
                throw NpmException.badRequest(
                        "dist-tag " + tag.getKey() + " must point at the published version " + version);
            }
            NpmDistTags.requireValid(tag.getKey());
            tags.add(tag.getKey());
        }
        return new NewVersion(version, manifest, tags, document, tarball);
    }

    private static String sri(byte[] sha512) {
        return "sha512-" + Base64.getEncoder().encodeToString(sha512);
    }

    /** The name in the body ({@code name} and, when sent, {@code _id}) is the one in the URL. */
    static void requireSameName(NpmPackageName name, ObjectNode document) {
        String bodyName = document.path("name").asText(null);
        String id = document.path("_id").asText(null);
        if (bodyName == null || !bodyName.equals(name.toString()) || (id != null && !id.equals(name.toString()))) {
            throw NpmException.badRequest("the package name in the body (" + (bodyName != null ? bodyName : id)
                    + ") does not match the name in the URL (" + name + ")");
        }
    }

    private static void checkTarball(
            NpmPackageName name, String version, PublishBody.Attachment attachment, ObjectMapper json) {
        TarballStager.Staged tarball = attachment.tarball();
        if (attachment.length() >= 0 && attachment.length() != tarball.size()) {
            throw NpmException.badRequest(
                    "the tarball has " + tarball.size() + " bytes, but its length says " + attachment.length());
        }
        if (tarball.problem() != null) {
            throw NpmException.badRequest(tarball.problem());
        }
        JsonNode packageJson;
        try {
            packageJson = json.readTree(tarball.packageJson());
        } catch (IOException e) {
            throw NpmException.badRequest("package.json in the tarball is not valid JSON");
        }
        String inName = packageJson.path("name").asText();
        String inVersion = packageJson.path("version").asText();
        if (!name.toString().equals(inName) || !version.equals(inVersion)) {
            throw NpmException.badRequest(
                    "package.json in the tarball names " + inName + "@" + inVersion + ", not " + name + "@" + version);
        }
    }

    /** Every hash the client claims must be the bytes' hash; algorithms we do not compute are ignored. */
    private static void checkDigests(ObjectNode dist, TarballStager.Staged tarball) {
        String shasum = dist.path("shasum").asText(null);
        if (shasum != null && !shasum.equalsIgnoreCase(tarball.sha1Hex())) {
            throw NpmException.badRequest(
                    "shasum mismatch: dist.shasum is " + shasum + " but the tarball's SHA-1 is " + tarball.sha1Hex());
        }
        String integrity = dist.path("integrity").asText(null);
        if (integrity == null) {
            return;
        }
        for (String token : integrity.trim().split("\\s+")) {
            int dash = token.indexOf('-');
            if (dash < 0) {
                continue;
            }
            String algorithm = token.substring(0, dash);
            String value = token.substring(dash + 1);
            int options = value.indexOf('?');
            value = options < 0 ? value : value.substring(0, options);
            byte[] actual = switch (algorithm) {
                case "sha512" -> tarball.sha512();
                case "sha256" -> HexFormat.of().parseHex(tarball.sha256().hex());
                case "sha1" -> HexFormat.of().parseHex(tarball.sha1Hex());
                default -> null;
            };
            if (actual == null) {
                continue;
            }
            byte[] claimed;
            try {
                claimed = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw NpmException.badRequest("dist.integrity is not a valid subresource-integrity string");
            }
            if (!MessageDigest.isEqual(claimed, actual)) {
                throw NpmException.badRequest(
                        "integrity mismatch: dist.integrity says " + token + " but the tarball's bytes are " + algorithm
                                + "-" + Base64.getEncoder().encodeToString(actual));
            }
        }
    }
}
