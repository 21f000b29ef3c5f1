package io.citypulse.contract.topic;

import io.citypulse.contract.wire.RecordJson;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for the JSON records our services write ({@link RecordJson}). */
public final class RecordSerde<R extends Record> implements Serde<R>, Serializer<R>, Deserializer<R> {

    private final Class<R> type;

    public RecordSerde(Class<R> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, R record) {
        return record == null ? null : RecordJson.encode(record);
    }

    @Override
    public R deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return RecordJson.decode(bytes, type);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("bad " + type.getSimpleName() + " on " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public Serializer<R> serializer() {
        return this;
    }

    @Override
    public Deserializer<R> deserializer() {
        return this;
    }
}
