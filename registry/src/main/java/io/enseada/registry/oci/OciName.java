package io.enseada.registry.oci;

import io.enseada.shared.model.RepositoryName;
import java.util.regex.Pattern;

/**
 * An OCI name as clients write it after the host: {@code <repository>/<image path>}. The first
 * component is a repository of the registry; the rest, at least one component, is the image path
 * inside it. The whole follows the distribution spec's name grammar.
 */
public record OciName(String repository, String image) implements Comparable<OciName> {
    public static final int MAX_LENGTH = 255;
    private static final Pattern GRAMMAR =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public OciName {
        if (!RepositoryName.isValid(repository)
                || image == null
                || image.isEmpty()
                || !GRAMMAR.matcher(repository + "/" + image).matches()) {
            throw OciError.NAME_INVALID.exception("invalid name: " + repository + "/" + image);
        }
    }

    /**
     * @throws OciException NAME_INVALID when {@code text} does not follow the grammar or names no
     *                      image inside a repository
     */
    public static OciName parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !GRAMMAR.matcher(text).matches()) {
            throw OciError.NAME_INVALID.exception("invalid name: " + text);
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw OciError.NAME_INVALID.exception("name '" + text + "' must be <repository>/<image>");
        }
        return new OciName(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The name {@code text} spells, or null when it is absent or spells none: for parameters a bad value of which only makes them absent. */
    static OciName parseOrNull(String text) {
        try {
            return text == null ? null : parse(text);
        } catch (OciException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return repository + "/" + image;
    }

    @Override
    public int compareTo(OciName other) {
        return toString().compareTo(other.toString());
    }
}
