package io.enseada.registry.oci;

import io.enseada.registry.storage.Digest;
import java.util.List;
import java.util.Optional;

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
 * <tr><td>{@code oci:holder:<digest>@<name>}</td><td>the same link seen from the blob: {@code <name>} holds
 *     {@code <digest>}. Written before the link and removed after it, so it may outlive a link (readers
 *     check the link) but no link written since holders exist lacks it</td>
 *     <td>a mount without {@code from}: scan {@code oci:holder:<digest>@}</td></tr>
 * <tr><td>{@code oci:manifest:<name>@<digest>}</td><td>a manifest of a name: media type, size, what it references;
 *     its exact bytes are the blob {@code <digest>}</td>
 *     <td>get by id; scan {@code oci:manifest:<name>@}</td></tr>
 * <tr><td>{@code oci:tag:<name>:<tag>}</td><td>a tag and the manifest digest it points at</td>
 *     <td>get by id; tags list: scan {@code oci:tag:<name>:}</td></tr>
 * <tr><td>{@code oci:referrer:<name>@<subject>:<digest>}</td><td>a manifest whose {@code subject} is {@code <subject>}:
 *     its descriptor</td><td>referrers: scan {@code oci:referrer:<name>@<subject>:}</td></tr>
 * <tr><td>{@code oci:tag-checked:<name>:<tag>}</td><td>a proxy repository's tag: when its upstream last confirmed
 *     it ({@link TagCheck})</td><td>get by id</td></tr>
 * <tr><td>{@code oci:upstream-miss:<name>@<reference>}</td><td>when a proxy's upstream last said it has no such
 *     manifest ({@link io.enseada.registry.upstream.UpstreamMiss})</td><td>get by id</td></tr>
 * </table>
 *
 * <p>Every name starts with its repository and a {@code /}, so one prefix per kind holds all of a
 * repository's documents ({@link #contentPrefixes}) — except the holder entries, keyed by digest,
 * which go with their link ({@link #companionOf}).
 */
public final class OciDocumentIds {
    public static final String NAME_PREFIX = "oci:name:";
    private static final String BLOB = "oci:blob:";
    private static final String MANIFEST = "oci:manifest:";
    private static final String TAG = "oci:tag:";
    private static final String REFERRER = "oci:referrer:";
    private static final String HOLDER = "oci:holder:";
    private static final String TAG_CHECKED = "oci:tag-checked:";
    private static final String UPSTREAM_MISS = "oci:upstream-miss:";
    private static final List<String> KINDS =
            List.of(NAME_PREFIX, BLOB, MANIFEST, TAG, REFERRER, TAG_CHECKED, UPSTREAM_MISS);

    private OciDocumentIds() {}

    /** The prefixes that together hold every document of {@code repository}'s images. */
    /** Whether the document is a blob link or a manifest: the records that say how many bytes they stand for. */
    static boolean holdsContent(String id) {
        return id.startsWith(BLOB) || id.startsWith(MANIFEST);
    }

    /** The prefixes of the documents that mention blobs: manifests, and links. */
    static List<String> mentionPrefixes() {
        return List.of(MANIFEST, BLOB);
    }

    static boolean isManifest(String id) {
        return id.startsWith(MANIFEST);
    }

    /** The name of a manifest's or a blob link's document. */
    static OciName nameIn(String id) {
        String kind = isManifest(id) ? MANIFEST : BLOB;
        return OciName.parse(id.substring(kind.length(), id.lastIndexOf('@')));
    }

    /** The digest of a manifest's or a blob link's document. */
    static Digest digestIn(String id) {
        return Digest.parse(id.substring(id.lastIndexOf('@') + 1));
    }

    public static List<String> contentPrefixes(String repository) {
        return KINDS.stream().map(kind -> kind + repository + "/").toList();
    }

    public static String name(OciName name) {
        return NAME_PREFIX + name;
    }

    public static String blob(OciName name, Digest digest) {
        return BLOB + name + "@" + digest;
    }

    public static String holderPrefix(Digest digest) {
        return HOLDER + digest + "@";
    }

    public static String holder(Digest digest, OciName name) {
        return holderPrefix(digest) + name;
    }

    public static OciName holderName(Digest digest, String id) {
        return OciName.parse(id.substring(holderPrefix(digest).length()));
    }

    /** The document that must go when {@code id} goes, though it lies under no prefix of the repository: a link's holder entry. */
    public static Optional<String> companionOf(String id) {
        int at = id.lastIndexOf('@');
        if (!id.startsWith(BLOB) || at < 0) {
            return Optional.empty();
        }
        return Optional.of(HOLDER + id.substring(at + 1) + "@" + id.substring(BLOB.length(), at));
    }

    public static String manifestPrefix(OciName name) {
        return MANIFEST + name + "@";
    }

    public static String manifest(OciName name, Digest digest) {
        return manifestPrefix(name) + digest;
    }

    /** Every tag of every image of {@code repository}. */
    static String tagsOf(String repository) {
        return TAG + repository + "/";
    }

    /** Every manifest of every image of {@code repository}. */
    static String manifestsOf(String repository) {
        return MANIFEST + repository + "/";
    }

    /** Every blob link of every image of {@code repository}. */
    static String blobsOf(String repository) {
        return BLOB + repository + "/";
    }

    /** The image name of a tag's document: neither names nor tags hold a {@code :}. */
    static OciName tagNameIn(String id) {
        return OciName.parse(id.substring(TAG.length(), id.lastIndexOf(':')));
    }

    static Tag tagIn(String id) {
        return new Tag(id.substring(id.lastIndexOf(':') + 1));
    }

    public static String tagPrefix(OciName name) {
        return TAG + name + ":";
    }

    public static String tag(OciName name, Tag tag) {
        return tagPrefix(name) + tag.value();
    }

    public static String referrerPrefix(OciName name, Digest subject) {
        return REFERRER + name + "@" + subject + ":";
    }

    /** Every referrer entry of {@code name}, whatever its subject. */
    static String referrersOf(OciName name) {
        return REFERRER + name + "@";
    }

    /** The subject of a referrer entry {@code id} of {@code name}: what lies between the name and the referrer's digest. */
    static Digest referrerSubjectIn(OciName name, String id) {
        String rest = id.substring(referrersOf(name).length());
        return Digest.parse(rest.substring(0, rest.lastIndexOf(':', rest.lastIndexOf(':') - 1)));
    }

    public static String referrer(OciName name, Digest subject, Digest digest) {
        return referrerPrefix(name, subject) + digest;
    }

    public static String tagChecked(OciName name, Tag tag) {
        return TAG_CHECKED + name + ":" + tag.value();
    }

    public static String upstreamMiss(OciName name, Reference reference) {
        return UPSTREAM_MISS + name + "@" + reference;
    }
}
