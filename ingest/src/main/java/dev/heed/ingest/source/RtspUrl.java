package dev.heed.ingest.source;

import java.util.regex.Pattern;

/**
 * Checks the form of an rtsp:// URL before any connection, the way FFmpeg splits it: user info ends at the
 * last '@' before the path (a password may itself contain '@'), then a host name, IPv4 or [IPv6] address
 * and an optional port. FFmpeg reports a malformed URL only as "Invalid argument" on every retry; this says
 * what is wrong once. Messages never repeat the URL (it may hold a password).
 */
public final class RtspUrl {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?]");
    private static final String SCHEME = "rtsp://";

    private RtspUrl() {
    }

    /**
     * The URL with its user info replaced by ***, up to the last '@' of the authority, so that a password
     * containing '@' does not leak partly (a generic redaction stops at the first '@').
     */
    public static String redact(String url) {
        if (!url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return url;
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        int at = (slash < 0 ? rest : rest.substring(0, slash)).lastIndexOf('@');
        return at < 0 ? url : url.substring(0, SCHEME.length()) + "***" + rest.substring(at);
    }

    /** @throws IllegalArgumentException saying what is wrong, without the URL */
    public static void check(String url) {
        if (!url.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new IllegalArgumentException("does not start with rtsp://");
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isWhitespace(url.charAt(i)) || Character.isISOControl(url.charAt(i))) {
                throw new IllegalArgumentException("contains a space or control character at index " + i);
            }
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
            if (!IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("the IPv6 address in brackets is malformed");
            }
            String after = hostPort.substring(host.length());
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected text after the IPv6 address");
                }
                port = after.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("no host");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("the host is not a host name or IP address");
            }
        }
        if (port != null && !(port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535)) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535");
        }
    }
}
