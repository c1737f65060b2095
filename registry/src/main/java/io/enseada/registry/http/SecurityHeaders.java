package io.enseada.registry.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.plugin.bundled.GlobalHeadersConfig;

/**
 * Keeps whatever the registry stores from running as active content on its own origin: a
 * deployed {@code .pom} or {@code .xml} carrying script, an HTML file in a tarball, a blob that
 * sniffs as HTML. Every response says its type is final ({@code nosniff}), may load nothing,
 * may not be framed and runs sandboxed (no script, a unique origin); the HTML directory
 * listings, plain links, stay browsable under it. Stored files are also sent as attachments, so a
 * browser downloads them instead of rendering them — what Artifactory does by default.
 */
public final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox";

    public void install(JavalinConfig cfg) {
        cfg.bundledPlugins.enableGlobalHeaders(headers -> {
            headers.xContentTypeOptionsNoSniff();
            headers.contentSecurityPolicy(CONTENT_SECURITY_POLICY);
            headers.xFrameOptions(GlobalHeadersConfig.XFrameOptions.DENY);
        });
    }

    /**
     * Marks the response as a stored file, to be downloaded as {@code fileName}; such a response
     * is also never compressed ({@link CompressionPolicy}).
     */
    public static void attachment(Context ctx, String fileName) {
        ctx.header(Header.CONTENT_DISPOSITION, "attachment; filename=\"" + safe(fileName) + "\"");
    }

    /** Characters a file name needs and a header cannot misread; anything else becomes '_'. */
    private static String safe(String fileName) {
        StringBuilder safe = new StringBuilder(fileName.length());
        for (char c : fileName.toCharArray()) {
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || c == '_'
                    || c == '+';
            safe.append(plain ? c : '_');
        }
        return safe.toString();
    }
}
