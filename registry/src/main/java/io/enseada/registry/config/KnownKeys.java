package io.enseada.registry.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.util.Iterator;
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
    private final ObjectMapper mapper;
    private final String file;
    private final Map<String, Object> root = new TreeMap<>();

    /**
     * @param lists the top-level lists and the type each entry binds to
     * @param file  the file's path, for the messages
     */
    KnownKeys(ObjectMapper mapper, Map<String, Class<?>> lists, String file) {
        this.mapper = mapper;
        this.file = file;
        for (Setting setting : Setting.values()) {
            if (setting.yamlKey() != null) {
                section(root, setting.yamlKey());
            }
        }
        lists.forEach((key, type) -> root.put(key, mapper.getTypeFactory().constructCollectionType(java.util.List.class, type)));
    }

    /** Values are leaves (empty sections), sections are maps, lists their element type. */
    @SuppressWarnings("unchecked")
    private static void section(Map<String, Object> root, String dottedKey) {
        Map<String, Object> node = root;
        for (String part : dottedKey.split("\\.")) {
            node = (Map<String, Object>) node.computeIfAbsent(part, k -> new TreeMap<String, Object>());
        }
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

    @SuppressWarnings("unchecked")
    private void checkSection(JsonNode node, Map<String, Object> known, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = prefix + field.getKey();
            Object shape = known.get(field.getKey());
            JsonNode value = field.getValue();
            if (shape == null) {
                throw unknown(where, known.keySet());
            }
            if (shape instanceof JavaType type) {
                checkBound(value, type, where);
            } else if (!((Map<String, Object>) shape).isEmpty() && !value.isNull()) {
                Map<String, Object> section = (Map<String, Object>) shape;
                if (!value.isObject()) {
                    throw new ConfigException(where + ": expected a section with " + String.join(", ", section.keySet())
                            + " in " + file + ", found '" + value.asText() + "'");
                }
                checkSection(value, section, where + ".");
            }
            // A value is read (and its type checked) by SettingsSource.
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
            return; // a value, or a shape SettingsLoader's binding reports
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
    ConfigException unknown(String where, java.util.Collection<String> known) {
        return new ConfigException(where + ": unknown key in " + file + " (known here: " + String.join(", ", known) + ")");
    }
}
