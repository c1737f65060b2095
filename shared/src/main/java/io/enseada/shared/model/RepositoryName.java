package io.enseada.shared.model;

import java.util.regex.Pattern;

/** Repository names are DNS labels, so they fit a URL path segment, an image name and a Kubernetes name. */
public final class RepositoryName {
    public static final String PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public static final int MAX_LENGTH = 63;
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private RepositoryName() {}

    public static boolean isValid(String name) {
        return name != null
                && name.length() <= MAX_LENGTH
                && COMPILED.matcher(name).matches();
    }

    /** @throws IllegalArgumentException with the reason when the name is not valid */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("repository name '" + name
                    + "' must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
        return name;
    }
}
