package dev.heed.common.kafka;

import dev.heed.common.security.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Why Kafka does not answer, in words: Kafka's clients only say that they timed out, so a plain TCP connection to each
 * bootstrap server tells refused, unknown host or silence apart. If one connects, Kafka itself does not answer there
 * (another service on that port, or TLS/SASL settings that do not match the listener).
 */
public final class UnreachableReason {
    static final Duration TCP_TIMEOUT = Duration.ofSeconds(2);

    private UnreachableReason() {
    }

    /** One reason per bootstrap server (without the server's name when there is only one); blocks up to 2 s per server. */
    public static String of(KafkaSettings kafka, Throwable kafkaError) {
        List<String> reasons = new ArrayList<>();
        String[] servers = kafka.bootstrapServers().split(",");
        for (String server : servers) {
            String hp = server.strip();
            // With one server the caller's message names it already.
            String who = servers.length == 1 ? "" : hp + ": ";
            int colon = hp.lastIndexOf(':');
            String host = hp.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(hp.substring(colon + 1));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), (int) TCP_TIMEOUT.toMillis());
                reasons.add(who + "TCP connections are accepted but Kafka does not answer (is it Kafka's port? do the --kafka-config "
                        + "TLS/SASL settings match its listener?): " + message(kafkaError));
            } catch (UnknownHostException e) {
                reasons.add(who + "unknown host");
            } catch (ConnectException e) {
                reasons.add(who + "connection refused");
            } catch (SocketTimeoutException e) {
                reasons.add(who + "no answer within " + TCP_TIMEOUT.toSeconds() + " s");
            } catch (IOException | IllegalArgumentException e) {
                reasons.add(who + e.getMessage());
            }
        }
        return String.join("; ", reasons);
    }

    private static String message(Throwable e) {
        return e == null || e.getMessage() == null ? "no response" : Redactor.redactUrls(e.getMessage());
    }
}
