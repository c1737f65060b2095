package io.enseada.registry.oci;

import java.util.List;
import java.util.Optional;

/**
 * The requests a containers/image client (skopeo {@code --debug}, podman {@code --log-level=debug})
 * lists in its output, one {@code msg="METHOD URL"} line each: what the client chose to do, seen
 * from its side. {@code registry} is the base URL the client used, such as {@code http://127.0.0.1:9623}.
 */
record ClientLog(String output, String registry) {

    /** The blob went up through an upload session: its bytes in a PATCH, then the closing PUT with its digest. */
    boolean uploadedInSession(String repository, String digest) {
        Optional<String> session = requests("PUT", "/v2/" + repository + "/blobs/uploads/").stream()
                .filter(url -> url.endsWith("?digest=" + encoded(digest)))
                .map(url -> url.substring(0, url.indexOf('?')))
                .findFirst();
        return session.isPresent()
                && requests("PATCH", "/v2/" + repository + "/blobs/uploads/").contains(session.get());
    }

    /** The client asked for a cross-repository mount of the blob into {@code repository} from {@code source}. */
    boolean mounted(String repository, String source, String digest) {
        return requests("POST", "/v2/" + repository + "/blobs/uploads/")
                .contains(registry + "/v2/" + repository + "/blobs/uploads/?from=" + encoded(source) + "&mount="
                        + encoded(digest));
    }

    /** The client asked the token endpoint for a token as {@code account} with {@code actions} on {@code repository}. */
    boolean askedForToken(String account, String repository, String actions) {
        String scope = "scope=" + encoded("repository:" + repository + ":" + actions);
        return requests("GET", "/auth/token?").stream()
                .anyMatch(url -> url.contains("account=" + account + "&") && url.contains(scope + "&"));
    }

    /** The URLs of the {@code method} requests whose path starts with {@code path}. */
    List<String> requests(String method, String path) {
        String prefix = "msg=\"" + method + " " + registry + path;
        return output.lines()
                .filter(line -> line.contains(prefix))
                .map(line -> line.substring(
                        line.indexOf(prefix) + ("msg=\"" + method + " ").length(), line.lastIndexOf('"')))
                .toList();
    }

    private static String encoded(String value) {
        return value.replace(":", "%3A").replace("/", "%2F").replace(",", "%2C");
    }
}
