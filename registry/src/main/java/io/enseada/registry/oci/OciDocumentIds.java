package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;

/**
 * Every metadata document the OCI format writes, in one place. Each lookup is a get by id or a scan
 * of one prefix. {@code @} and {@code :} cannot occur in a name, so no name's prefix is another
 * name's.
 *
 * <table>
 * <caption>OCI documents</caption>
 * <tr><th>id</th><th>holds</th><th>found by</th></tr>
 * <tr><td>{@code oci:name:<name>}</td><td>an image name that has received a manifest</td>
 *     <td>the catalog: scan {@code oci:name:}</td></tr>
 * <tr><td>{@code oci:blob:<name>@<digest>}</td><td>a blob linked into a name (the bytes live once in the blob store)</td>
 *     <td>get by id</td></tr>
 * <tr><td>{@code oci:manifest:<name>@<digest>}</td><td>a manifest of a name: media type, size, what it references;
 *     its exact bytes are the blob {@code <digest>}</td>
 *     <td>get by id; scan {@code oci:manifest:<name>@}</td></tr>
 * <tr><td>{@code oci:tag:<name>:<tag>}</td><td>a tag and the manifest digest it points at</td>
 *     <td>get by id; tags list: scan {@code oci:tag:<name>:}</td></tr>
 * <tr><td>{@code oci:referrer:<name>@<subject>:<digest>}</td><td>a manifest whose {@code subject} is {@code <subject>}:
 *     its descriptor</td><td>referrers: scan {@code oci:referrer:<name>@<subject>:}</td></tr>
 * </table>
 */
public final class OciDocumentIds {
    public static final String NAME_PREFIX = "oci:name:";

    private OciDocumentIds() {
    }

    public static String name(OciName name) {
        return NAME_PREFIX + name;
    }

    public static OciName nameOf(String id) {
        return OciName.parse(id.substring(NAME_PREFIX.length()));
    }

    public static String blob(OciName name, Digest digest) {
        return "oci:blob:" + name + "@" + digest;
    }

    public static String manifestPrefix(OciName name) {
        return "oci:manifest:" + name + "@";
    }

    public static String manifest(OciName name, Digest digest) {
        return manifestPrefix(name) + digest;
    }

    public static String tagPrefix(OciName name) {
        return "oci:tag:" + name + ":";
    }

    public static String tag(OciName name, Tag tag) {
        return tagPrefix(name) + tag.value();
    }

    public static String referrerPrefix(OciName name, Digest subject) {
        return "oci:referrer:" + name + "@" + subject + ":";
    }

    public static String referrer(OciName name, Digest subject, Digest digest) {
        return referrerPrefix(name, subject) + digest;
    }
}
