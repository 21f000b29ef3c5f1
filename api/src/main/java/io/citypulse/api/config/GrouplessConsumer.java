package io.citypulse.api.config;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The API's Kafka consumers (the anomaly feed, the dead-letter scan) only look: they assign partitions themselves,
 * join no group and commit nothing, so every replica reads everything and no group's offsets move.
 */
public final class GrouplessConsumer {

    private GrouplessConsumer() {
    }

    public static Properties properties(ApiConfig config, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }
}
