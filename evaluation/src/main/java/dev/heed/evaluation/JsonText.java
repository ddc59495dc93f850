package dev.heed.evaluation;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as one line of JSON, for the tools' {@code --json} output, or
 * indented for files people read and edit (scene files). Non-finite numbers (an MAE over no images) become null,
 * which JSON can represent.
 */
public final class JsonText {
    private JsonText() {
    }

    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, -1);
        return out.toString();
    }

    /**
     * Indented by two spaces per level, one key per line; a list or map that holds only plain values (numbers,
     * strings) stays on one line, so small records such as {@code {"x": 10, "y": 20}} read as one item.
     */
    public static String indented(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /** @param depth the nesting level when indenting, -1 for one compact line */
    private static void write(Object value, StringBuilder out, int depth) {
        boolean indent = depth >= 0 && !flat(value);
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(out, indent, depth + 1);
                string(String.valueOf(e.getKey()), out);
                out.append(depth >= 0 ? ": " : ":");
                write(e.getValue(), out, depth < 0 ? -1 : depth + 1);
                if (it.hasNext()) {
                    out.append(depth >= 0 && !indent ? ", " : ",");
                }
            }
            newline(out, indent && !map.isEmpty(), depth);
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(depth >= 0 && !indent ? ", " : ",");
                }
                newline(out, indent, depth + 1);
                write(list.get(i), out, depth < 0 ? -1 : depth + 1);
            }
            newline(out, indent && !list.isEmpty(), depth);
            out.append(']');
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(value.toString(), out);
        }
    }

    /** A map or list of plain values only (or anything that is not a container). */
    private static boolean flat(Object value) {
        java.util.Collection<?> items = value instanceof Map<?, ?> map ? map.values() : value instanceof List<?> list ? list : null;
        return items == null || items.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>) && items.size() <= 8;
    }

    private static void newline(StringBuilder out, boolean indent, int depth) {
        if (indent) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
