package io.enseada.registry.http;

/** A message made fit for a status line or a header value: one line of printable ASCII, bounded. */
public final class HeaderText {
    /** Long texts are cut: some clients and proxies limit header and status-line lengths. */
    private static final int MAX_LENGTH = 200;

    private HeaderText() {}

    public static String oneLine(String message) {
        String line = message == null ? "" : message.strip().lines().findFirst().orElse("");
        StringBuilder text = new StringBuilder(Math.min(line.length(), MAX_LENGTH));
        for (int i = 0; i < line.length() && text.length() < MAX_LENGTH; i++) {
            char c = line.charAt(i);
            text.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.toString();
    }
}
