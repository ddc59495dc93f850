package dev.heed.common.security;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from strings before they reach logs, metrics or error messages: credentials in camera
 * URLs and secret-looking Kafka client settings.
 */
public final class Redactor {
    /**
     * scheme://user:password@host... -> scheme://***@host...; up to the last '@' before the path, because
     * passwords may contain '@' (cameras accept it unescaped).
     */
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s]*@");
    private static final String[] SECRET_KEY_PARTS = {"password", "secret", "jaas", "token", "credential", "key"};

    private Redactor() {
    }

    /** Any URL user info (user, password) in the text is replaced by ***. Safe on arbitrary text. */
    public static String redactUrls(String text) {
        return text == null ? null : URL_USERINFO.matcher(text).replaceAll("$1***@");
    }

    /** True for Kafka client settings whose values must never be printed. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String part : SECRET_KEY_PARTS) {
            if (k.contains(part) && !k.endsWith(".type") && !k.endsWith(".location") && !k.endsWith(".algorithm")) {
                return true;
            }
        }
        return false;
    }

    /** A printable copy of client settings with secret values replaced by [hidden]. */
    public static Map<String, String> redactSettings(Map<String, ?> settings) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, isSecretKey(k) ? "[hidden]" : redactUrls(String.valueOf(v))));
        return out;
    }
}
