package io.enseada.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A build step (exec:java at process-classes, right after the CRD generator): puts each CRD's
 * printer columns in the order its resource class declares them. The fabric8 generator sorts them
 * by JSONPath (fabric8io/kubernetes-client#7454), which would put Age first, and kubectl shows
 * columns in the CRD's order. The generator's text is kept; only the column entries move.
 */
public final class PrinterColumnOrder {
    private static final Pattern LIST_START = Pattern.compile("^( *)- additionalPrinterColumns:$");
    private static final Pattern NAME = Pattern.compile("^ *name: \"(.*)\"$");

    private PrinterColumnOrder() {}

    /** Arguments: the generator's output directory, then the resource classes. */
    public static void main(String[] args) throws IOException, ClassNotFoundException {
        Path dir = Path.of(args[0]);
        for (String className : Arrays.asList(args).subList(1, args.length)) {
            Class<? extends HasMetadata> type = Class.forName(className).asSubclass(HasMetadata.class);
            Path file = dir.resolve(HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type) + "-v1.yml");
            List<String> names = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name)
                    .toList();
            Files.writeString(file, reorder(Files.readString(file), names));
        }
    }

    /** {@code yaml} with the entries of every additionalPrinterColumns list in the order of {@code names}. */
    static String reorder(String yaml, List<String> names) {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            Matcher start = LIST_START.matcher(lines.get(i));
            if (!start.matches()) {
                continue;
            }
            String item = start.group(1) + "  - ";
            String inside = start.group(1) + "    ";
            Map<String, List<String>> entries = new LinkedHashMap<>();
            int end = i + 1;
            while (end < lines.size() && lines.get(end).startsWith(item)) {
                List<String> entry = new ArrayList<>(List.of(lines.get(end++)));
                while (end < lines.size() && lines.get(end).startsWith(inside)) {
                    entry.add(lines.get(end++));
                }
                entries.put(name(entry), entry);
            }
            if (!entries.keySet().equals(new java.util.HashSet<>(names)) || entries.size() != names.size()) {
                throw new IllegalStateException(
                        "printer columns " + entries.keySet() + " are not the declared " + names);
            }
            List<String> ordered =
                    names.stream().flatMap(name -> entries.get(name).stream()).toList();
            for (int k = 0; k < ordered.size(); k++) {
                lines.set(i + 1 + k, ordered.get(k));
            }
            i = end - 1;
        }
        return String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : "");
    }

    private static String name(List<String> entry) {
        for (String line : entry) {
            Matcher name = NAME.matcher(line.replaceFirst("^( *)- ", "$1  "));
            if (name.matches()) {
                return name.group(1);
            }
        }
        throw new IllegalStateException("a printer column without a name: " + entry);
    }
}
