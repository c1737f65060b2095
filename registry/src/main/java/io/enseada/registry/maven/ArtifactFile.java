package io.enseada.registry.maven;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file of the Maven 2 layout, {@code group/path/artifactId/version/artifactId-version[-classifier].ext},
 * where a snapshot's file may carry its build instead of {@code SNAPSHOT}
 * ({@code app-1.0-20250101.120000-3.jar}).
 *
 * @param fileVersion the version as the file name spells it: the version, or the timestamped snapshot build
 * @param classifier  null when the file has none
 * @param buildNumber 0 unless the file is a timestamped snapshot build
 */
public record ArtifactFile(
        MavenPath path,
        String artifactId,
        String version,
        String fileVersion,
        String classifier,
        String extension,
        String timestamp,
        int buildNumber) {
    public static final String SNAPSHOT = "SNAPSHOT";
    private static final Pattern BUILD = Pattern.compile("^(\\d{8}\\.\\d{6})-(\\d{1,9})");

    /** @throws MavenException (400) when the path is not a file of the Maven 2 layout */
    public static ArtifactFile parse(MavenPath path) {
        if (path.depth() < 4) {
            throw notCoordinate(path, "expected group/artifactId/version/file");
        }
        String file = path.name();
        String version = path.parent().name();
        String artifactId = path.parent().parent().name();
        if (!file.startsWith(artifactId + "-")) {
            throw notCoordinate(path, "the file name must start with '" + artifactId + "-" + version + "'");
        }
        String rest = file.substring(artifactId.length() + 1);
        String fileVersion = null;
        String timestamp = null;
        int buildNumber = 0;
        if (rest.startsWith(version) && isEndOfVersion(rest, version.length())) {
            fileVersion = version;
        } else if (isSnapshot(version)) {
            String base = version.substring(0, version.length() - SNAPSHOT.length());
            if (rest.startsWith(base)) {
                Matcher build = BUILD.matcher(rest.substring(base.length()));
                if (build.find() && isEndOfVersion(rest, base.length() + build.end())) {
                    fileVersion = base + build.group();
                    timestamp = build.group(1);
                    buildNumber = Integer.parseInt(build.group(2));
                }
            }
        }
        if (fileVersion == null) {
            throw notCoordinate(path, "the file name must start with '" + artifactId + "-" + version + "'");
        }
        String tail = rest.substring(fileVersion.length());
        String classifier = null;
        if (tail.startsWith("-")) {
            int dot = tail.indexOf('.');
            if (dot < 0) {
                throw notCoordinate(path, "the file name has no extension");
            }
            classifier = tail.substring(1, dot);
            tail = tail.substring(dot);
            if (classifier.isEmpty()) {
                throw notCoordinate(path, "empty classifier");
            }
        }
        String extension = tail.substring(1);
        if (extension.isEmpty() || extension.endsWith(".")) {
            throw notCoordinate(path, "the file name has no extension");
        }
        return new ArtifactFile(path, artifactId, version, fileVersion, classifier, extension, timestamp, buildNumber);
    }

    private static boolean isEndOfVersion(String rest, int end) {
        return end < rest.length() && (rest.charAt(end) == '.' || rest.charAt(end) == '-');
    }

    private static MavenException notCoordinate(MavenPath path, String reason) {
        return MavenException.invalid("not a Maven artifact path: " + path + " (" + reason + ")");
    }

    public static boolean isSnapshot(String version) {
        return version.endsWith("-" + SNAPSHOT) || version.equals(SNAPSHOT);
    }

    public boolean isSnapshot() {
        return isSnapshot(version);
    }

    public MavenPath versionDirectory() {
        return path.parent();
    }

    public MavenPath artifactDirectory() {
        return path.parent().parent();
    }

    /** The directory of the group, where plugin-group metadata lives. */
    public MavenPath groupDirectory() {
        return artifactDirectory().parent();
    }

    public String groupId() {
        return String.join(".", groupDirectory().segments());
    }
}
