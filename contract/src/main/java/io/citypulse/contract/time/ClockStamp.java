package io.citypulse.contract.time;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Gives a record sent without a timestamp the {@link PlatformClock}'s time; see {@link PlatformClock#stampingSends}. */
public final class ClockStamp implements ProducerInterceptor<Object, Object> {

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (record.timestamp() != null) {
            return record;
        }
        return new ProducerRecord<>(record.topic(), record.partition(), PlatformClock.millis(), record.key(),
                record.value(), record.headers());
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
