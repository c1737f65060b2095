package io.enseada.registry.npm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enseada.registry.http.BodyStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code PUT /<package>} as the CLI sends it: a packument-shaped JSON object whose
 * {@code _attachments} carry the tarball in base64. Read with the streaming parser so that the
 * tarball goes straight into the blob store; everything else becomes a small JSON tree.
 *
 * @param document the body without {@code _attachments}
 * @param attachments the tarballs, staged; empty for a metadata update such as a deprecation
 */
record PublishBody(ObjectNode document, List<Attachment> attachments) {

    /** One {@code _attachments} entry. {@code length} is what the client declared, or -1. */
    record Attachment(String file, long length, TarballStager.Staged tarball) {}

    /** @param in the body, capped apart from the tarball's base64 */
    static PublishBody read(BodyStream in, ObjectMapper json, TarballStager stager) {
        List<Attachment> attachments = new ArrayList<>();
        try (JsonParser parser = json.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw NpmException.badRequest("the body must be a JSON object");
            }
            ObjectNode document = json.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("_attachments".equals(field) && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String file = parser.currentName();
                        if (parser.nextToken() != JsonToken.START_OBJECT) {
                            throw NpmException.badRequest("_attachments." + file + " must be an object");
                        }
                        if (!attachments.isEmpty()) {
                            throw NpmException.badRequest("publish one version, with one tarball, at a time");
                        }
                        attachments.add(attachment(file, parser, in, stager));
                    }
                } else {
                    JsonNode node = parser.readValueAsTree();
                    document.set(field, node);
                }
            }
            return new PublishBody(document, attachments);
        } catch (JsonProcessingException e) {
            discardAll(attachments, stager);
            throw NpmException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            discardAll(attachments, stager);
            throw new UncheckedIOException("could not read the publish body", e);
        } catch (RuntimeException e) {
            discardAll(attachments, stager);
            throw e;
        }
    }

    private static Attachment attachment(String file, JsonParser parser, BodyStream in, TarballStager stager)
            throws IOException {
        long length = -1;
        TarballStager.Staged staged = null;
        try {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field) && value == JsonToken.VALUE_STRING && staged == null) {
                    in.pause();
                    try {
                        staged = stager.stage(parser);
                    } finally {
                        in.resume();
                    }
                } else if ("length".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    length = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (staged != null) {
                stager.discard(staged);
            }
            throw e;
        }
        if (staged == null) {
            throw NpmException.badRequest("_attachments." + file + " has no base64 data");
        }
        return new Attachment(file, length, staged);
    }

    void discard(TarballStager stager) {
        discardAll(attachments, stager);
    }

    private static void discardAll(List<Attachment> attachments, TarballStager stager) {
        attachments.forEach(a -> stager.discard(a.tarball()));
    }
}
