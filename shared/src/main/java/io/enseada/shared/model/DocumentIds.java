package io.enseada.shared.model;

/**
 * Every document id in one place. Ids are {@code <kind>:<key>} so that each kind is one key range
 * and each query is a get by id or a prefix scan.
 */
public final class DocumentIds {
    public static final String REPOSITORY_PREFIX = "repository:";
    public static final String USER_PREFIX = "user:";
    public static final String ROBOT_PREFIX = "robot:";
    public static final String TOKEN_PREFIX = "token:";
    public static final String POLICY_PREFIX = "policy:";
    public static final String AUDIT_PREFIX = "audit:";
    public static final String LIFECYCLE_PREFIX = "lifecycle:";

    private DocumentIds() {}

    /** What the last storage lifecycle run did to the repository ({@link RepositoryLifecycle}). */
    public static String lifecycle(String repository) {
        return LIFECYCLE_PREFIX + repository;
    }

    public static String repository(String name) {
        return REPOSITORY_PREFIX + name;
    }

    public static String user(String name) {
        return USER_PREFIX + name;
    }

    public static String robot(String name) {
        return ROBOT_PREFIX + name;
    }

    public static String token(String id) {
        return TOKEN_PREFIX + id;
    }

    public static String policy(String name) {
        return POLICY_PREFIX + name;
    }
}
