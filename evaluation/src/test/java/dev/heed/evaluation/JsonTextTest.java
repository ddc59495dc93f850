package dev.heed.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void writesParseableJsonWithEscapesAndNullForNonFiniteNumbers() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "a \"quoted\" \\ line\nnext\u0001");
        m.put("n", 3);
        m.put("x", 1.5);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, "two", true));
        m.put("nested", Map.of("k", 2.0f));
        String json = JsonText.of(m);
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(json, b);
        Struct s = b.build();
        assertEquals("a \"quoted\" \\ line\nnext\u0001", s.getFieldsOrThrow("text").getStringValue());
        assertEquals(3, s.getFieldsOrThrow("n").getNumberValue());
        assertEquals(1.5, s.getFieldsOrThrow("x").getNumberValue());
        assertEquals(com.google.protobuf.NullValue.NULL_VALUE, s.getFieldsOrThrow("nan").getNullValue());
        assertEquals(3, s.getFieldsOrThrow("list").getListValue().getValuesCount());
        assertEquals(2.0, s.getFieldsOrThrow("nested").getStructValue().getFieldsOrThrow("k").getNumberValue());
        assertEquals("{\"text\":", json.substring(0, 8), "keys keep their order");
    }

    @Test
    void indentedKeepsSmallRecordsOnOneLineAndNestsTheRest() throws Exception {
        Map<String, Object> seat = new LinkedHashMap<>();
        seat.put("x", 10);
        seat.put("y", 20);
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", "a");
        person.put("seat", seat);
        person.put("timeline", List.of());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", "s");
        root.put("people", List.of(person));
        String text = JsonText.indented(root);
        assertEquals("""
                {
                  "name": "s",
                  "people": [
                    {
                      "id": "a",
                      "seat": {"x": 10, "y": 20},
                      "timeline": []
                    }
                  ]
                }
                """, text);
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(text, b);
        assertEquals("{\"name\":\"s\",\"people\":[{\"id\":\"a\",\"seat\":{\"x\":10,\"y\":20},\"timeline\":[]}]}", JsonText.of(root),
                "the compact form stays one line without spaces");
    }
}
