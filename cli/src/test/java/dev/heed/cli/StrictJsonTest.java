package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker the demo's JSON tests rely on must itself catch a repeated key. */
class StrictJsonTest {
    @Test
    void rejectsAKeyRepeatedInAnyObject() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> StrictJson.parse("{\"type\":\"alert\",\"alert_id\":\"a\",\"type\":\"LONG_DISTRACTION\"}")).getMessage();
        assertTrue(msg.startsWith("duplicate key \"type\""), msg);
        assertThrows(IllegalArgumentException.class, () -> StrictJson.parse("{\"a\":[{\"b\":1,\"b\":2}]}"));
    }

    @Test
    void rejectsWhatIsNotJson() {
        for (String bad : List.of("{\"a\":1,}", "{a:1}", "{\"a\":1} x", "[1 2]", "{\"a\":tru}", "\"open", "{\"a\":01x}")) {
            assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(bad), bad);
        }
    }

    @Test
    void readsObjectsInOrderWithNumbersAsWritten() {
        Map<String, Object> m = StrictJson.object("{\"type\":\"window\", \"samples\":20, \"share\":0.5, \"ok\":true, \"none\":null,"
                + " \"esc\":\"a\\\"b\\u00e9\", \"list\":[1,-2.5e3]}");
        assertEquals(List.of("type", "samples", "share", "ok", "none", "esc", "list"), List.copyOf(m.keySet()));
        assertEquals("20", ((StrictJson.Number) m.get("samples")).text());
        assertEquals(0.5, ((StrictJson.Number) m.get("share")).value());
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertEquals("a\"b\u00e9", m.get("esc"));
        assertEquals(List.of(new StrictJson.Number("1"), new StrictJson.Number("-2.5e3")), m.get("list"));
    }
}
