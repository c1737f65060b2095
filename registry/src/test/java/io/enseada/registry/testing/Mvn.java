package io.enseada.registry.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code mvn} of the machine, batch mode, tests skipped, with its own settings and local repository. */
public final class Mvn {
    private Mvn() {}

    public record Run(int exit, String output) {}

    public static Run run(Path project, Path settings, Path localRepository, String... goals)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "mvn",
                "-B",
                "-q",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local=" + localRepository,
                "-Dmaven.test.skip=true",
                "-Dmaven.javadoc.skip=true"));
        command.addAll(List.of(goals));
        Path log = Files.createTempFile(project, "mvn", ".log");
        Process process = new ProcessBuilder(command)
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError(
                        "mvn " + String.join(" ", goals) + " did not finish:\n" + Files.readString(log));
            }
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    /**
     * A settings.xml with the credentials of server {@code enseada} and the machine's plugins as the
     * mirror of central: what a build that reads its dependencies from a registry under test needs.
     */
    public static Path settings(Path file, String username, String password) throws IOException {
        Files.writeString(file, """
                <settings>
                  <servers>
                    <server><id>enseada</id><username>%s</username><password>%s</password></server>
                  </servers>
                  <mirrors>
                    <mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(username, password, pluginsMirror()));
        return file;
    }

    /** The machine's own local repository as the mirror of central, so that plugins resolve offline. */
    public static String pluginsMirror() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository")
                .toUri()
                .toString();
    }
}
