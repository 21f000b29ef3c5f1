package io.citypulse.generator.publish;

import io.citypulse.contract.time.PlatformClock;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The generator's Kafka producer configuration, one "why" per non-default property. */
public final class ProducerProperties {

    private ProducerProperties() {
    }

    public static Properties forGenerator(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "citypulse-generator");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Retries must not duplicate or reorder readings: only injected duplicates may exist downstream.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // A reading counts as sent only once every in-sync replica has it (required by idempotence too).
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // JSON readings compress ~5x; lz4 costs the least CPU on a 2-core box shared with the broker.
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Wait a little to fill batches: throughput over a few ms of latency for a simulator.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        // 256 KiB batches: fewer, larger requests and better compression at 300k+ records/s.
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // Room for a few hundred ms of batches so send() rarely blocks on a busy broker.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        return PlatformClock.stampingSends(props);
    }
}
