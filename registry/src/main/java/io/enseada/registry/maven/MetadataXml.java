package io.enseada.registry.maven;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * {@code maven-metadata.xml} in and out, with the JDK's own XML APIs: StAX writes what the server
 * generates; a DOM parser with doctypes and external entities disabled reads what clients upload.
 */
final class MetadataXml {
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private MetadataXml() {}

    /** What a client's upload says. */
    record Uploaded(
            String groupId,
            String artifactId,
            String version,
            List<String> versions,
            List<MavenMetadata.Plugin> plugins,
            String lastUpdated) {}

    static String render(MavenMetadata metadata) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out);
            Indenting w = new Indenting(xml);
            xml.writeStartDocument("UTF-8", "1.0");
            w.start("metadata", 0);
            if (!metadata.builds().isEmpty()) {
                xml.writeAttribute("modelVersion", "1.1.0");
            }
            w.text("groupId", metadata.groupId(), 1);
            w.text("artifactId", metadata.artifactId(), 1);
            w.text("version", metadata.version(), 1);
            if (!metadata.versions().isEmpty() || !metadata.builds().isEmpty()) {
                w.start("versioning", 1);
                w.text("latest", metadata.latest(), 2);
                w.text("release", metadata.release(), 2);
                MavenMetadata.SnapshotBuild newest = metadata.newestBuild();
                if (newest != null) {
                    w.start("snapshot", 2);
                    w.text("timestamp", newest.timestamp(), 3);
                    w.text("buildNumber", Integer.toString(newest.buildNumber()), 3);
                    w.end(2);
                }
                if (!metadata.versions().isEmpty()) {
                    w.start("versions", 2);
                    for (String version : metadata.versions()) {
                        w.text("version", version, 3);
                    }
                    w.end(2);
                }
                w.text("lastUpdated", metadata.lastUpdated(), 2);
                if (!metadata.builds().isEmpty()) {
                    w.start("snapshotVersions", 2);
                    for (MavenMetadata.SnapshotBuild build : metadata.newestPerFile()) {
                        w.start("snapshotVersion", 3);
                        w.text("classifier", build.classifier(), 4);
                        w.text("extension", build.extension(), 4);
                        w.text("value", build.value(), 4);
                        w.text("updated", build.updated(), 4);
                        w.end(3);
                    }
                    w.end(2);
                }
                w.end(1);
            }
            if (!metadata.plugins().isEmpty()) {
                w.start("plugins", 1);
                for (MavenMetadata.Plugin plugin : metadata.plugins()) {
                    w.start("plugin", 2);
                    w.text("name", plugin.name(), 3);
                    w.text("prefix", plugin.prefix(), 3);
                    w.text("artifactId", plugin.artifactId(), 3);
                    w.end(2);
                }
                w.end(1);
            }
            w.end(0);
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render maven-metadata.xml", e);
        }
        return out.toString();
    }

    /** @throws MavenException (400) when the bytes are not a Maven metadata document */
    static Uploaded parse(byte[] bytes) {
        org.w3c.dom.Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | IOException e) {
            throw MavenException.invalid("maven-metadata.xml is not well-formed XML: " + oneLine(e.getMessage()));
        }
        Element root = document.getDocumentElement();
        if (!"metadata".equals(root.getTagName())) {
            throw MavenException.invalid("maven-metadata.xml must have a <metadata> root element");
        }
        List<String> versions = new ArrayList<>();
        Element versioning = child(root, "versioning");
        Element versionList = versioning == null ? null : child(versioning, "versions");
        if (versionList != null) {
            for (Element version : children(versionList, "version")) {
                versions.add(version.getTextContent().trim());
            }
        }
        List<MavenMetadata.Plugin> plugins = new ArrayList<>();
        Element pluginList = child(root, "plugins");
        if (pluginList != null) {
            for (Element plugin : children(pluginList, "plugin")) {
                String prefix = text(plugin, "prefix");
                String artifactId = text(plugin, "artifactId");
                if (prefix == null || artifactId == null) {
                    throw MavenException.invalid(
                            "maven-metadata.xml: every <plugin> needs a <prefix> and an <artifactId>");
                }
                plugins.add(new MavenMetadata.Plugin(text(plugin, "name"), prefix, artifactId));
            }
        }
        return new Uploaded(
                text(root, "groupId"),
                text(root, "artifactId"),
                text(root, "version"),
                versions,
                plugins,
                versioning == null ? null : text(versioning, "lastUpdated"));
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        if (element == null) {
            return null;
        }
        String text = element.getTextContent().trim();
        return text.isEmpty() ? null : text;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }

    /** Two-space indentation, which StAX does not do by itself; absent values write nothing. */
    private record Indenting(XMLStreamWriter xml) {
        void start(String name, int depth) throws XMLStreamException {
            indent(depth);
            xml.writeStartElement(name);
        }

        void end(int depth) throws XMLStreamException {
            indent(depth);
            xml.writeEndElement();
        }

        void text(String name, String value, int depth) throws XMLStreamException {
            if (value == null) {
                return;
            }
            indent(depth);
            xml.writeStartElement(name);
            xml.writeCharacters(value);
            xml.writeEndElement();
        }

        private void indent(int depth) throws XMLStreamException {
            xml.writeCharacters("\n" + "  ".repeat(depth));
        }
    }
}
