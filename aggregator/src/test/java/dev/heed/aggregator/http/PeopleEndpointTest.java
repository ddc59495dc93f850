package dev.heed.aggregator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.aggregator.topology.AttentionState;
import dev.heed.aggregator.topology.PersonView;
import dev.heed.common.http.OpsServer;
import dev.heed.common.service.Service;
import dev.heed.proto.v1.AlertType;
import dev.heed.topics.PersonKey;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;

/** The endpoint on a real OpsServer, with a stand-in for the state store. */
class PeopleEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final class Idle implements Service {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public void start() {
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithTheCamerasPeopleAndRefusesBadRequests() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        PersonView away = new PersonView(new PersonKey("room-1", 7), AttentionState.AWAY, 1000, 4200, -61.5, 2.25, 0.5, "room \"1\"",
                List.of(new PersonView.OpenAlert("room-1/7/LONG_DISTRACTION/1000", AlertType.LONG_DISTRACTION, 1000)));
        PeopleSource source = camera -> {
            asked.set(camera);
            if (camera.equals("starting")) {
                throw new InvalidStateStoreException("rebalancing");
            }
            return camera.equals("room-1") ? List.of(away) : List.of();
        };
        try (OpsServer ops = OpsServer.start(0, new PrometheusRegistry(), List.of(new Idle()),
                Map.of(PeopleEndpoint.PATH, new PeopleEndpoint(source)))) {
            HttpResponse<String> ok = get(ops.port(), "/people?camera=room-1");
            assertEquals(200, ok.statusCode());
            assertEquals("application/json; charset=utf-8", ok.headers().firstValue("Content-Type").orElse(""));
            assertEquals("{\"camera_id\":\"room-1\",\"people\":[{\"track_id\":7,\"state\":\"AWAY\",\"since_ms\":1000,"
                    + "\"last_seen_ms\":4200,\"yaw_deg\":-61.5,\"pitch_deg\":2.25,\"roll_deg\":0.5,\"policy_id\":\"room \\\"1\\\"\","
                    + "\"open_alerts\":[{\"alert_id\":\"room-1/7/LONG_DISTRACTION/1000\",\"type\":\"LONG_DISTRACTION\","
                    + "\"started_at_ms\":1000}]}]}", ok.body());
            assertEquals("room-1", asked.get());

            assertEquals("{\"camera_id\":\"nobody\",\"people\":[]}", get(ops.port(), "/people?camera=nobody").body());
            assertEquals(400, get(ops.port(), "/people").statusCode());
            assertEquals(400, get(ops.port(), "/people?camera=a%2Fb").statusCode());
            assertEquals(404, get(ops.port(), "/people/extra?camera=room-1").statusCode());
            assertEquals(503, get(ops.port(), "/people?camera=starting").statusCode());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port()
                    + "/people?camera=room-1")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            // The built-in endpoints are still there.
            assertEquals(200, get(ops.port(), "/healthz").statusCode());
            assertTrue(get(ops.port(), "/metrics").statusCode() == 200);
        }
    }
}
