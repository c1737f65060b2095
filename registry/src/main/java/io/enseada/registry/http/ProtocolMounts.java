package io.enseada.registry.http;

import java.util.List;

/**
 * Which protocol a path belongs to when no route tells: for requests no route matched, Jetty's own
 * error pages and the access log. The one table of every protocol's mount points, filled from what
 * the formats declare.
 */
public final class ProtocolMounts {
    private final List<Mount> mounts;

    /** A protocol served at {@code prefix} (a path like {@code /npm}) and everything below it. */
    public record Mount(String prefix, Protocol protocol) {
        boolean covers(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    public ProtocolMounts(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    public Protocol protocolOf(String path) {
        for (Mount mount : mounts) {
            if (mount.covers(path)) {
                return mount.protocol();
            }
        }
        return Protocol.OTHER;
    }
}
