package io.enseada.registry.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP literals and CIDR ranges as settings name them ({@code ENSEADA_TRUSTED_PROXIES}), parsed
 * without ever asking DNS: the loader validates the setting with it, the web layer matches client
 * addresses with it.
 */
public final class IpAddresses {
    private static final Pattern IPV4 =
            Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::\\d{1,5})?$");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("^\\[([0-9A-Fa-f:.]+)](?::\\d{1,5})?$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    private IpAddresses() {}

    /**
     * An address or CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}) with its address in canonical form.
     *
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public static String range(String entry) {
        String[] parts = entry.split("/", -1);
        Optional<InetAddress> address = parts.length <= 2 ? literal(parts[0]) : Optional.empty();
        int bits = address.map(a -> a.getAddress().length * 8).orElse(0);
        if (address.isEmpty() || (parts.length == 2 && !validPrefix(parts[1], bits))) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        }
        return address.get().getHostAddress() + (parts.length == 2 ? "/" + parts[1] : "");
    }

    /** An IP literal, parsed without ever asking DNS; empty for anything else. */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.trim();
        try {
            Matcher v4 = IPV4.matcher(candidate);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            Matcher bracketed = BRACKETED_IPV6.matcher(candidate);
            if (bracketed.matches()) {
                candidate = bracketed.group(1);
            }
            if (IPV6.matcher(candidate).matches()) {
                // In brackets, the JDK parses an IPv6 literal or fails; it never looks the text up.
                return Optional.of(InetAddress.getByName("[" + candidate + "]"));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean validPrefix(String text, int bits) {
        try {
            int prefix = Integer.parseInt(text);
            return prefix >= 0 && prefix <= bits;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
