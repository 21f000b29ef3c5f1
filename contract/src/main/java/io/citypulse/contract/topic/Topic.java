package io.citypulse.contract.topic;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic of the platform with its key and value serdes.
 *
 * @param name        topic name
 * @param partitions  default partition count when the topic is created
 * @param keySerde    serde of the record key
 * @param valueSerde  serde of the record value
 * @param description what travels on it, for docs and tooling
 */
public record Topic<K, V>(String name, int partitions, Serde<K> keySerde, Serde<V> valueSerde, String description) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be >= 1");
        }
    }
}
