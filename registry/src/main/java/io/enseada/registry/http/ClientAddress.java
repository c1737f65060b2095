package io.enseada.registry.http;

import io.enseada.registry.config.IpAddresses;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address of the client behind a request: the connection's peer, unless that peer is one of
 * the configured trusted proxies, in which case {@code X-Forwarded-For} is read from the right —
 * the end each proxy appends to — and the first address that is not a trusted proxy is the
 * client. Anything left of it was written by the client and is not believed. With no trusted
 * proxies (the default) the header is ignored, so nobody can choose the address they are throttled
 * and audited under.
 */
public final class ClientAddress {
    private static final String ATTRIBUTE = "enseada.client-address";
    static final String HEADER = "X-Forwarded-For";

    private final InetAddressSet trusted = new InetAddressSet();

    /**
     * @param trustedProxies addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8})
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public ClientAddress(List<String> trustedProxies) {
        for (String entry : trustedProxies) {
            trusted.add(IpAddresses.range(entry));
        }
    }

    /** Resolves the request's client address and keeps it on the context, for {@link #of(Context)}; runs before every request. */
    public void attach(Context ctx) {
        ctx.attribute(ATTRIBUTE, resolve(ctx.req()));
    }

    /** The client address {@link #attach} resolved for this request. */
    public static String of(Context ctx) {
        String address = ctx.attribute(ATTRIBUTE);
        if (address == null) {
            throw new IllegalStateException("client address not resolved for this request");
        }
        return address;
    }

    /** The same, for handlers below Javalin (access log, per-address limits). */
    public String resolve(org.eclipse.jetty.server.Request request) {
        return resolve(
                org.eclipse.jetty.server.Request.getRemoteAddr(request),
                request.getHeaders().getValuesList(HEADER));
    }

    public String resolve(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), Collections.list(request.getHeaders(HEADER)));
    }

    /**
     * @param peer the address of the connection's other end
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
     */
    public String resolve(String peer, List<String> forwardedFor) {
        Optional<InetAddress> current = IpAddresses.literal(peer);
        if (current.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0 && trusted.test(current.get()); i--) {
            Optional<InetAddress> hop = IpAddresses.literal(hops.get(i));
            if (hop.isEmpty()) {
                break; // a trusted proxy wrote something that is not an address: stop at that proxy
            }
            current = hop;
        }
        return current.get().getHostAddress();
    }
}
