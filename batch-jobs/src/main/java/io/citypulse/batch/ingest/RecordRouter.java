package io.citypulse.batch.ingest;

import io.citypulse.batch.lake.LakeParquet.EventRow;
import io.citypulse.batch.lake.LakeParquet.QuarantineRow;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.contract.wire.Rejection;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decodes one Kafka partition's records with the contract's {@code ReadingCodec} (the speed layer's decoder, so
 * both layers reject the same bytes for the same reasons) and routes each to the lake hour it belongs to: a valid
 * reading by its event time, a rejected record by its Kafka time (it has no trustworthy event time). Pure: the
 * caller feeds records in offset order and the {@link Sink} does the writing.
 *
 * <p>A duplicate is a repeated event id within the range, or an id in {@code committedIds} (already in the lake).
 * Producers key readings by sensor id, so a re-sent reading lands in the same partition as its original.
 */
public final class RecordRouter {

    private static final long HOUR_MS = 3_600_000L;
    /** Room for up to this many ids is made up front: growing the set rehashes every id seen so far. */
    private static final int MAX_PRESIZED_IDS = 1 << 22;

    /** Where routed rows go; {@code hour} is epoch millis / 1 hour (UTC). */
    public interface Sink {
        void event(long hour, EventRow row);

        void rejected(long hour, QuarantineRow row);
    }

    /** What became of a range's records. Hours are epoch hours of the valid rows. */
    public static final class Counts implements Serializable {
        public long records;
        public long valid;
        public long rejected;
        public long duplicatesInRange;
        public long duplicatesOfLake;
        /** Kafka value bytes of every record read: against the Parquet bytes written, the lake's compression. */
        public long valueBytes;
        public long maxEventTimeMs = Long.MIN_VALUE;
        public final TreeSet<Long> eventHours = new TreeSet<>();
    }

    private final SensorType type;
    private final String topic;
    private final Set<String> committedIds;
    private final Sink sink;
    private final Set<String> seen;
    private final Counts counts = new Counts();
    private long lastHour = Long.MIN_VALUE;

    /**
     * @param committedIds   event ids already in the lake to drop as duplicates; empty for none
     * @param expectedRecords how many records the range holds (sizes the set of ids seen)
     */
    public RecordRouter(SensorType type, Set<String> committedIds, Sink sink, long expectedRecords) {
        this.type = type;
        this.seen = new HashSet<>((int) Math.min(MAX_PRESIZED_IDS, expectedRecords / 3 * 4 + 16));
        this.topic = Topics.readings(type).name();
        this.committedIds = committedIds;
        this.sink = sink;
    }

    public void accept(int partition, long offset, long kafkaTimeMs, byte[] value) {
        counts.records++;
        counts.valueBytes += value == null ? 0 : value.length;
        DecodeResult result = ReadingCodec.decode(value, type);
        if (result instanceof DecodeResult.Valid valid) {
            SensorReading reading = valid.reading();
            if (!seen.add(reading.eventId())) {
                counts.duplicatesInRange++;
                return;
            }
            if (committedIds.contains(reading.eventId())) {
                counts.duplicatesOfLake++;
                return;
            }
            long ms = reading.eventTime().toEpochMilli();
            long hour = Math.floorDiv(ms, HOUR_MS);
            if (hour != lastHour) {
                lastHour = hour;
                counts.eventHours.add(hour);
            }
            counts.valid++;
            counts.maxEventTimeMs = Math.max(counts.maxEventTimeMs, ms);
            sink.event(hour, new EventRow(reading, partition, offset, kafkaTimeMs));
        } else {
            Rejection rejection = ((DecodeResult.Rejected) result).rejection();
            counts.rejected++;
            sink.rejected(Math.floorDiv(kafkaTimeMs, HOUR_MS), new QuarantineRow(topic, partition, offset, kafkaTimeMs,
                    rejection.reason().label(), rejection.field(), rejection.detail(), value));
        }
    }

    public Counts counts() {
        return counts;
    }
}
