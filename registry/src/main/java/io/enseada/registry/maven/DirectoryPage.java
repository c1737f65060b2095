package io.enseada.registry.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A directory listing, as HTML for people and as JSON for tools. */
final class DirectoryPage {
    private DirectoryPage() {}

    static String html(String repository, MavenResults.Directory directory) {
        String base = "/maven/" + repository + "/" + (directory.path().isRoot() ? "" : directory.path() + "/");
        String title = repository + "/" + (directory.path().isRoot() ? "" : directory.path() + "/");
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title></head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<table>\n");
        html.append("<tr><th>Name</th><th>Size</th><th>Deployed</th></tr>\n");
        if (!directory.path().isRoot()) {
            String parent = "/maven/" + repository + "/"
                    + (directory.path().parent().isRoot()
                            ? ""
                            : directory.path().parent() + "/");
            html.append("<tr><td><a href=\"").append(escape(parent)).append("\">../</a></td><td></td><td></td></tr>\n");
        }
        for (MavenResults.Entry entry : directory.entries()) {
            String name = entry.directory() ? entry.name() + "/" : entry.name();
            html.append("<tr><td><a href=\"")
                    .append(escape(base + name))
                    .append("\">")
                    .append(escape(name))
                    .append("</a></td><td>")
                    .append(entry.size() == null ? "" : entry.size())
                    .append("</td><td>")
                    .append(entry.modified() == null ? "" : entry.modified())
                    .append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    static String json(ObjectMapper json, String repository, MavenResults.Directory directory) {
        ObjectNode body = json.createObjectNode()
                .put("repository", repository)
                .put("path", directory.path().isRoot() ? "" : directory.path() + "/");
        ArrayNode entries = body.putArray("entries");
        for (MavenResults.Entry entry : directory.entries()) {
            ObjectNode node =
                    entries.addObject().put("name", entry.name()).put("type", entry.directory() ? "directory" : "file");
            if (entry.size() != null) {
                node.put("size", entry.size());
            }
            if (entry.sha1() != null) {
                node.put("sha1", entry.sha1());
            }
            if (entry.modified() != null) {
                node.put("deployed", entry.modified().toString());
            }
        }
        return body.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
