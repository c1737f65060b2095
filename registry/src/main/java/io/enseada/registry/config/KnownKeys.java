package io.enseada.registry.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys the YAML file may hold: the dotted keys of {@link Setting}, and in the top-level lists
 * ({@code repositories:}, {@code users:} …) the fields of the records their entries bind to. A
 * key the registry does not read is a setting the user believes in force, so it stops the start,
 * named by where it is ({@code repositories[1].visiblity}).
 *
 * <p>Checked on the tree before anything is bound: Jackson reports an unknown field of a record
 * only after the record was built, so a typo that leaves a required field empty would otherwise be
 * reported as the missing field.
 */
final class KnownKeys {
    /** What a key may hold: a section of further keys, a value, or a list of bound entries. */
    private sealed interface Shape permits Section, Value, Entries {}

    private record Section(Map<String, Shape> keys) implements Shape {}

    private record Value() implements Shape {}

    private record Entries(JavaType type) implements Shape {}

    private final ObjectMapper mapper;
    private final String file;
    private final Section root = new Section(new TreeMap<>());

    /**
     * @param lists the top-level lists and the type each entry binds to
     * @param file  the file's path, for the messages
     */
    KnownKeys(ObjectMapper mapper, Map<String, Class<?>> lists, String file) {
        this.mapper = mapper;
        this.file = file;
        for (Setting setting : Setting.values()) {
            if (setting.yamlKey() != null) {
                add(setting.yamlKey().split("\\."));
            }
        }
        lists.forEach((key, type) ->
                root.keys().put(key, new Entries(mapper.getTypeFactory().constructCollectionType(List.class, type))));
    }

    private void add(String[] path) {
        Section section = root;
        for (int i = 0; i < path.length - 1; i++) {
            section = (Section) section.keys().computeIfAbsent(path[i], k -> new Section(new TreeMap<>()));
        }
        section.keys().put(path[path.length - 1], new Value());
    }

    /** @throws ConfigException naming the first unknown key */
    void check(JsonNode yaml) {
        if (yaml == null || yaml.isNull() || yaml.isMissingNode()) {
            return;
        }
        if (!yaml.isObject()) {
            throw new ConfigException(file + ": expected a mapping of settings at the top, found a "
                    + yaml.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        checkSection(yaml, root, "");
    }

    private void checkSection(JsonNode node, Section known, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = prefix + field.getKey();
            Shape shape = known.keys().get(field.getKey());
            JsonNode value = field.getValue();
            if (shape == null) {
                throw unknown(where, known.keys().keySet());
            }
            if (shape instanceof Entries entries) {
                checkBound(value, entries.type(), where);
            } else if (shape instanceof Section section && !value.isNull()) {
                if (!value.isObject()) {
                    throw new ConfigException(where + ": expected a section with "
                            + String.join(", ", section.keys().keySet()) + " in " + file + ", found '" + value.asText()
                            + "'");
                }
                checkSection(value, section, where + ".");
            }
            // A value is read, and its type checked, by SettingsSource.
        }
    }

    /** Entries of the lists: the fields Jackson would bind, recursively into Enseada's own records. */
    private void checkBound(JsonNode node, JavaType type, String where) {
        if (type.isContainerType() && type.getContentType() != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkBound(node.get(i), type.getContentType(), where + "[" + i + "]");
            }
            return;
        }
        if (!node.isObject() || !type.getRawClass().getPackageName().startsWith("io.enseada.")) {
            return; // a value, or a shape the binding reports
        }
        BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
        Map<String, JavaType> fields = new TreeMap<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.couldDeserialize()) {
                fields.put(property.getName(), property.getPrimaryType());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JavaType fieldType = fields.get(entry.getKey());
            if (fieldType == null) {
                throw unknown(where + "." + entry.getKey(), fields.keySet());
            }
            checkBound(entry.getValue(), fieldType, where + "." + entry.getKey());
        }
    }

    /** The one line for a key nobody reads, with the keys that are read there. */
    private ConfigException unknown(String where, Collection<String> known) {
        return new ConfigException(
                where + ": unknown key in " + file + " (known here: " + String.join(", ", known) + ")");
    }
}
