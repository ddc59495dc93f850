package dev.heed.aggregator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.heed.aggregator.topology.PersonView;
import dev.heed.topics.PersonKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /people?camera=ID}: the current state of each person of a camera, as JSON, from the
 * aggregator's state store (an interactive query). 400 without a valid camera id, 503 while the store
 * cannot be queried (starting, rebalancing), 200 otherwise (an empty list for a camera nobody is seen on).
 *
 * <p>One instance answers for all its partitions. With several instances a camera's people are spread over
 * them (the store is keyed by person); a multi-instance deployment would set application.server, and this
 * handler would ask every instance listed by KafkaStreams#streamsMetadataForStore for its local part and
 * merge the answers.
 */
public final class PeopleEndpoint implements HttpHandler {
    public static final String PATH = "/people";
    private static final Logger log = LoggerFactory.getLogger(PeopleEndpoint.class);

    private final PeopleSource source;

    public PeopleEndpoint(PeopleSource source) {
        this.source = source;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET");
                send(ex, 405, error("only GET is supported"));
                return;
            }
            if (!PATH.equals(ex.getRequestURI().getPath())) {
                send(ex, 404, error("not found; use " + PATH + "?camera=ID"));
                return;
            }
            String camera = queryParam(ex.getRequestURI().getRawQuery(), "camera");
            if (camera == null || !PersonKey.CAMERA_ID.matcher(camera).matches()) {
                send(ex, 400, error("camera must be a camera id (" + PersonKey.CAMERA_ID.pattern() + "), e.g. "
                        + PATH + "?camera=room-1"));
                return;
            }
            List<PersonView> people;
            try {
                people = source.people(camera);
            } catch (InvalidStateStoreException e) {
                ex.getResponseHeaders().set("Retry-After", "1");
                send(ex, 503, error("state not queryable right now (starting or rebalancing), retry: " + e.getMessage()));
                return;
            }
            send(ex, 200, PeopleJson.write(camera, people));
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", PATH, e.toString());
            send(ex, 500, error("internal error"));
        }
    }

    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String error(String message) {
        return "{\"error\":" + PeopleJson.quote(message) + "}";
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
