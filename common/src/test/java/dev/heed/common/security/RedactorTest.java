package dev.heed.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.common.kafka.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void urlCredentialsAreRemovedAnywhereInText() {
        String msg = "cannot open rtsp://admin:hunter2@10.0.0.5:554/stream1 (timeout)";
        String red = Redactor.redactUrls(msg);
        assertFalse(red.contains("hunter2"), red);
        assertFalse(red.contains("admin"), red);
        assertEquals("cannot open rtsp://***@10.0.0.5:554/stream1 (timeout)", red);
        assertEquals("rtsp://cam/1", Redactor.redactUrls("rtsp://cam/1"));
        String at = Redactor.redactUrls("open rtsp://admin:p@ss@word@10.0.0.5/live?x=a@b failed");
        assertEquals("open rtsp://***@10.0.0.5/live?x=a@b failed", at);
    }

    @Test
    void kafkaSecretsNeverPrint() {
        KafkaSettings s = new KafkaSettings("broker:9093", Map.of(
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p4ss\";",
                "ssl.truststore.password", "trustme",
                "ssl.truststore.location", "/etc/ts.jks",
                "security.protocol", "SASL_SSL"));
        String printed = s.toString();
        assertFalse(printed.contains("p4ss"), printed);
        assertFalse(printed.contains("trustme"), printed);
        assertTrue(printed.contains("/etc/ts.jks"), printed);
        assertTrue(printed.contains("SASL_SSL"), printed);
    }
}
