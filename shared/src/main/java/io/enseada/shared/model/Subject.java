package io.enseada.shared.model;

import java.util.regex.Pattern;

/**
 * Who a policy speaks of: {@code user:<name>}, {@code group:<name>}, {@code robot:<name>},
 * {@code anonymous} (callers without credentials) or {@code authenticated} (any caller with
 * valid credentials).
 */
public final class Subject {
    public static final String ANONYMOUS = "anonymous";
    public static final String AUTHENTICATED = "authenticated";
    /** A user, group or robot name: what may follow {@code user:}, {@code group:} or {@code robot:}. */
    public static final String ACCOUNT_NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,127}";

    public static final String PATTERN = "^(anonymous|authenticated|(user|group|robot):" + ACCOUNT_NAME + ")$";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Subject() {}

    public static boolean isValid(String subject) {
        return subject != null && COMPILED.matcher(subject).matches();
    }

    public static String user(String name) {
        return "user:" + name;
    }

    public static String group(String name) {
        return "group:" + name;
    }

    public static String robot(String name) {
        return "robot:" + name;
    }
}
