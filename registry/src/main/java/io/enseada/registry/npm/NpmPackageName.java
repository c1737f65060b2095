package io.enseada.registry.npm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A package name as the npm registry API carries it: {@code name} or {@code @scope/name}.
 *
 * <p>{@link #parse} accepts any URL-safe name, so that every stored package stays reachable;
 * {@link #problemsForNewPackage()} applies the stricter rules of {@code validate-npm-package-name}
 * for new packages, which a publish must pass.
 */
public record NpmPackageName(String scope, String name) {
    public static final int MAX_LENGTH = 214;
    /** What {@code encodeURIComponent} leaves alone. */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9\\-_.!~*'()]+");

    private static final Pattern SPECIAL = Pattern.compile("[~'!()*]");
    private static final Set<String> BLOCKED = Set.of("node_modules", "favicon.ico");
    private static final Set<String> CORE_MODULES = Set.of(
            "assert",
            "async_hooks",
            "buffer",
            "child_process",
            "cluster",
            "console",
            "constants",
            "crypto",
            "dgram",
            "diagnostics_channel",
            "dns",
            "domain",
            "events",
            "fs",
            "http",
            "http2",
            "https",
            "inspector",
            "module",
            "net",
            "os",
            "path",
            "perf_hooks",
            "process",
            "punycode",
            "querystring",
            "readline",
            "repl",
            "stream",
            "string_decoder",
            "sys",
            "timers",
            "tls",
            "trace_events",
            "tty",
            "url",
            "util",
            "v8",
            "vm",
            "wasi",
            "worker_threads",
            "zlib");

    public NpmPackageName {
        if (name == null
                || name.isEmpty()
                || !URL_SAFE.matcher(name).matches()
                || (scope != null
                        && (scope.isEmpty() || !URL_SAFE.matcher(scope).matches()))) {
            throw new InvalidPackageNameException(
                    (scope == null ? "" : "@" + scope + "/") + name, "name can only contain URL-friendly characters");
        }
        if (name.equals(".") || name.equals("..") || ".".equals(scope) || "..".equals(scope)) {
            throw new InvalidPackageNameException(name, "name cannot be . or ..");
        }
    }

    /**
     * Parses {@code name}, {@code @scope/name} or the escaped {@code @scope%2fname}.
     *
     * @throws InvalidPackageNameException when it is none of them
     */
    public static NpmPackageName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidPackageNameException("", "name length must be greater than zero");
        }
        String plain = text.replace("%2f", "/").replace("%2F", "/").replace("%40", "@");
        if (plain.startsWith("@")) {
            int slash = plain.indexOf('/');
            if (slash < 0) {
                throw new InvalidPackageNameException(text, "a scoped name is @scope/name");
            }
            return new NpmPackageName(plain.substring(1, slash), plain.substring(slash + 1));
        }
        return new NpmPackageName(null, plain);
    }

    public boolean scoped() {
        return scope != null;
    }

    /** Empty when a new package may take this name; the messages are validate-npm-package-name's. */
    public List<String> problemsForNewPackage() {
        List<String> problems = new ArrayList<>();
        String full = toString();
        if (name.startsWith(".") || (scope != null && scope.startsWith("."))) {
            problems.add("name cannot start with a period");
        }
        if (name.startsWith("_") || (scope != null && scope.startsWith("_"))) {
            problems.add("name cannot start with an underscore");
        }
        if (scope == null && BLOCKED.contains(name.toLowerCase(Locale.ROOT))) {
            problems.add(name + " is not a valid package name");
        }
        if (scope == null && CORE_MODULES.contains(name.toLowerCase(Locale.ROOT))) {
            problems.add(name + " is a core module name");
        }
        if (full.length() > MAX_LENGTH) {
            problems.add("name can no longer contain more than " + MAX_LENGTH + " characters");
        }
        if (!full.toLowerCase(Locale.ROOT).equals(full)) {
            problems.add("name can no longer contain capital letters");
        }
        if (SPECIAL.matcher(name).find()) {
            problems.add("name can no longer contain special characters (\"~'!()*\")");
        }
        return problems;
    }

    /** How the CLI puts it in a URL: {@code @scope%2fname}. */
    public String escaped() {
        return scope == null ? name : "@" + scope + "%2f" + name;
    }

    /** The tarball file name the public registry uses: the unscoped part, then the version. */
    public String tarballFile(String version) {
        return name + "-" + version + ".tgz";
    }

    @Override
    public String toString() {
        return scope == null ? name : "@" + scope + "/" + name;
    }
}
