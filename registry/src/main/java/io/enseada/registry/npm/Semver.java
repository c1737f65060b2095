package io.enseada.registry.npm;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Semantic versions as npm publishes them: validation and precedence, nothing more. */
final class Semver {
    private static final Pattern VERSION = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
            + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    /** Ascending precedence; build metadata is ignored, invalid versions sort first. */
    static final Comparator<String> ORDER = Semver::compare;

    private Semver() {}

    static boolean valid(String version) {
        return version != null
                && version.length() <= 256
                && VERSION.matcher(version).matches();
    }

    static boolean prerelease(String version) {
        Matcher m = VERSION.matcher(version);
        return m.matches() && m.group(4) != null;
    }

    private static int compare(String a, String b) {
        Matcher x = VERSION.matcher(a);
        Matcher y = VERSION.matcher(b);
        boolean xv = x.matches();
        boolean yv = y.matches();
        if (!xv || !yv) {
            return Boolean.compare(xv, yv);
        }
        for (int i = 1; i <= 3; i++) {
            int c = compareNumeric(x.group(i), y.group(i));
            if (c != 0) {
                return c;
            }
        }
        String pa = x.group(4);
        String pb = y.group(4);
        if (pa == null || pb == null) {
            return pa == null ? (pb == null ? 0 : 1) : -1;
        }
        String[] ia = pa.split("\\.");
        String[] ib = pb.split("\\.");
        for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
            boolean na = ia[i].chars().allMatch(Character::isDigit);
            boolean nb = ib[i].chars().allMatch(Character::isDigit);
            int c = na && nb ? compareNumeric(ia[i], ib[i]) : na != nb ? (na ? -1 : 1) : ia[i].compareTo(ib[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ia.length, ib.length);
    }

    private static int compareNumeric(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
