package io.enseada.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Files of the repository the tests check: crds/, config/samples/, charts/. */
public final class ProjectFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ProjectFiles() {}

    public static Path root() {
        return Path.of(System.getProperty("enseada.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    /** The CRDs the build generated from the Java classes (crd-generator at process-classes). */
    public static Path generatedCrds() {
        return Path.of("target", "classes", "META-INF", "fabric8").toAbsolutePath();
    }

    public static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (multi-document) YAML file. */
    public static List<ObjectNode> yamlDocuments(String text) {
        try (YAMLParser parser = new YAMLFactory().createParser(text)) {
            List<ObjectNode> documents = new ArrayList<>();
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node instanceof ObjectNode object) {
                    documents.add(object);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<ObjectNode> yamlDocuments(Path file) {
        try {
            return yamlDocuments(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
