package io.citypulse.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.lake.LakeParquet.EventRow;
import io.citypulse.batch.lake.LakeParquet.QuarantineRow;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.wire.ReadingCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordRouterTest {

    private static final long KAFKA_TIME = Instant.parse("2026-11-22T00:00:01Z").toEpochMilli();

    private final List<String> routed = new ArrayList<>();
    private final RecordRouter.Sink sink = new RecordRouter.Sink() {
        @Override
        public void event(long hour, EventRow row) {
            routed.add("event " + hour + " " + row.reading().eventId() + " @" + row.offset());
        }

        @Override
        public void rejected(long hour, QuarantineRow row) {
            routed.add("rejected " + hour + " " + row.reason() + " @" + row.offset() + " " + new String(row.rawValue(), StandardCharsets.UTF_8));
        }
    };

    private static byte[] reading(String suffix, String time) {
        var sensor = SensorCatalog.defaultCity().sensors(SensorType.TRAFFIC).get(0);
        return ReadingCodec.encode(new SensorReading(new ReadingHeader(2, sensor.id() + "-" + suffix, sensor.id(),
                SensorType.TRAFFIC, sensor.zone().id(), sensor.location(), Instant.parse(time), 1), 3, 42.5, 10.1));
    }

    @Test
    void routesValidReadingsByEventHourAndRejectsByKafkaHourWithTheContractReason() {
        RecordRouter router = new RecordRouter(SensorType.TRAFFIC, Set.of(), sink, 0);

        router.accept(1, 10, KAFKA_TIME, reading("1", "2026-11-21T23:59:59Z"));
        router.accept(1, 11, KAFKA_TIME, "{\"schema_version\":9}".getBytes(StandardCharsets.UTF_8));
        router.accept(1, 12, KAFKA_TIME, reading("2", "2026-11-22T00:00:00Z"));

        long lastHourOf21st = Instant.parse("2026-11-21T23:00:00Z").toEpochMilli() / 3_600_000L;
        String sensor = SensorCatalog.defaultCity().sensors(SensorType.TRAFFIC).get(0).id();
        assertThat(routed).containsExactly(
                "event " + lastHourOf21st + " " + sensor + "-1 @10",
                "rejected " + (lastHourOf21st + 1) + " unknown_schema_version @11 {\"schema_version\":9}",
                "event " + (lastHourOf21st + 1) + " " + sensor + "-2 @12");
        RecordRouter.Counts counts = router.counts();
        assertThat(counts.records).isEqualTo(3);
        assertThat(counts.valid).isEqualTo(2);
        assertThat(counts.rejected).isEqualTo(1);
        assertThat(counts.eventHours).containsExactly(lastHourOf21st, lastHourOf21st + 1);
        assertThat(counts.maxEventTimeMs).isEqualTo(Instant.parse("2026-11-22T00:00:00Z").toEpochMilli());
    }

    @Test
    void dropsRepeatsInTheRangeAndIdsAlreadyInTheLakeCountingEachKind() {
        String sensor = SensorCatalog.defaultCity().sensors(SensorType.TRAFFIC).get(0).id();
        RecordRouter router = new RecordRouter(SensorType.TRAFFIC, Set.of(sensor + "-old"), sink, 10);

        router.accept(0, 1, KAFKA_TIME, reading("1", "2026-11-21T10:00:00Z"));
        router.accept(0, 2, KAFKA_TIME, reading("1", "2026-11-21T10:00:00Z"));
        router.accept(0, 3, KAFKA_TIME, reading("old", "2026-11-21T09:00:00Z"));

        assertThat(routed).hasSize(1);
        RecordRouter.Counts counts = router.counts();
        assertThat(counts.records).isEqualTo(3);
        assertThat(counts.valid).isEqualTo(1);
        assertThat(counts.duplicatesInRange).isEqualTo(1);
        assertThat(counts.duplicatesOfLake).isEqualTo(1);
        assertThat(counts.eventHours).hasSize(1);
    }
}
