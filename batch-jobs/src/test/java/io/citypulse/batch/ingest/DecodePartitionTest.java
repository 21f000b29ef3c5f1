package io.citypulse.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.TrafficReading;
import io.citypulse.contract.wire.ReadingCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class DecodePartitionTest {

    @Test
    void labelsValidRejectedAndDuplicateRecordsWithTheContractReasons() {
        var sensor = SensorCatalog.defaultCity().sensors(SensorType.TRAFFIC).get(0);
        Instant time = Instant.parse("2026-11-21T23:59:59Z");
        byte[] valid = ReadingCodec.encode(new TrafficReading(new ReadingHeader(2, sensor.id() + "-1", sensor.id(),
                SensorType.TRAFFIC, sensor.zone().id(), sensor.location(), time, 1), 3, 42.5, 10.1));
        Timestamp kafkaTime = Timestamp.from(Instant.parse("2026-11-22T00:00:01Z"));
        List<Row> input = List.of(RowFactory.create(1, 10L, kafkaTime, valid),
                RowFactory.create(1, 11L, kafkaTime, "{\"schema_version\":9}".getBytes(StandardCharsets.UTF_8)),
                RowFactory.create(1, 12L, kafkaTime, valid));

        List<Row> out = new ArrayList<>();
        new DecodePartition(SensorType.TRAFFIC).call(input.iterator()).forEachRemaining(out::add);

        var schema = DecodePartition.schema(SensorType.TRAFFIC);
        int kind = schema.fieldIndex("kind");
        assertThat(out).extracting(r -> r.getInt(kind)).containsExactly(DecodePartition.VALID, DecodePartition.REJECTED,
                DecodePartition.DUPLICATE);
        Row first = out.get(0);
        assertThat(first.getString(schema.fieldIndex("event_id"))).isEqualTo(sensor.id() + "-1");
        assertThat(first.getString(schema.fieldIndex("event_date"))).isEqualTo("2026-11-21");
        assertThat(first.getInt(schema.fieldIndex("event_hour"))).isEqualTo(23);
        assertThat(first.get(schema.fieldIndex("congestion_level"))).isNotNull();
        Row rejected = out.get(1);
        assertThat(rejected.getString(schema.fieldIndex("reason"))).isEqualTo("unknown_schema_version");
        assertThat(rejected.getString(schema.fieldIndex("event_date"))).isEqualTo("2026-11-22");
        assertThat(rejected.getLong(schema.fieldIndex("kafka_offset"))).isEqualTo(11L);
    }
}
