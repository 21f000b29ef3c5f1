package io.citypulse.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.lake.LakeParquet.EventRow;
import io.citypulse.batch.lake.LakeParquet.QuarantineRow;
import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourFilesTest {

    private static final Instant NINE = Instant.parse("2026-11-21T09:00:00Z");
    private static final List<Sensor> SENSORS = SensorCatalog.defaultCity().sensors(SensorType.WEATHER).subList(0, 2);

    @TempDir
    Path dir;

    private HourFiles files(int maxBuffered) {
        return new HourFiles(SensorType.WEATHER, "events/sensor_type=weather", "quarantine/sensor_type=weather", "p3",
                key -> dir.resolve(key).toUri().toString(), key -> announced.add(key + (exists(key) ? " existed" : "")),
                new Configuration(), maxBuffered);
    }

    private final List<String> announced = new ArrayList<>();

    private boolean exists(String key) {
        return java.nio.file.Files.exists(dir.resolve(key));
    }

    private static EventRow row(Sensor sensor, Instant time, long offset) {
        return new EventRow(new SensorReading(new ReadingHeader(2, sensor.id() + "-" + time.getEpochSecond(), sensor.id(),
                SensorType.WEATHER, sensor.zone().id(), sensor.location(), time, time.getEpochSecond()),
                7.5, 80, 1013, 3, 0, 40), 3, offset, time.toEpochMilli() + 500);
    }

    private static long hourOf(Instant time) {
        return time.toEpochMilli() / 3_600_000L;
    }

    private List<Group> read(String key) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(dir.resolve(key).toUri())).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(g);
            }
        }
        return rows;
    }

    @Test
    void writesEachHourSensorBySensorAndOpensAFurtherFileForALateReadingOfAClosedHour() throws IOException {
        HourFiles files = files(4);
        long offset = 0;
        // 09:00-09:01 and 10:00-10:01, the two sensors interleaved as Kafka delivers them: 8 events, 2 flushes.
        for (Instant t : List.of(NINE, NINE.plusSeconds(60), NINE.plusSeconds(3600), NINE.plusSeconds(3660))) {
            for (Sensor s : SENSORS) {
                files.event(hourOf(t), row(s, t, offset++));
            }
        }
        Instant eleven = NINE.plusSeconds(7200);
        for (Instant t : List.of(eleven, eleven.plusSeconds(60))) { // the third flush closes 09:00, older than 10:00
            for (Sensor s : SENSORS) {
                files.event(hourOf(t), row(s, t, offset++));
            }
        }
        files.event(hourOf(NINE), row(SENSORS.get(1), NINE.plusSeconds(120), offset++)); // late for a closed hour
        files.rejected(hourOf(NINE), new QuarantineRow("citypulse.readings.weather", 3, offset, NINE.toEpochMilli(),
                "malformed_json", null, "not JSON", "{oops".getBytes(StandardCharsets.UTF_8)));
        files.finish();

        String nine = "events/sensor_type=weather/event_date=2026-11-21/event_hour=9/";
        assertThat(announced).as("opened in this order, each announced before its file existed").containsExactly(
                nine + "p3-0.zstd.parquet",
                "events/sensor_type=weather/event_date=2026-11-21/event_hour=10/p3-0.zstd.parquet",
                "events/sensor_type=weather/event_date=2026-11-21/event_hour=11/p3-0.zstd.parquet",
                "quarantine/sensor_type=weather/event_date=2026-11-21/event_hour=9/p3-0.zstd.parquet",
                nine + "p3-1.zstd.parquet");
        assertThat(files.written().keySet()).containsExactlyInAnyOrderElementsOf(announced);
        assertThat(files.written().values()).allSatisfy(w -> assertThat(w.bytes()).isPositive());
        for (var file : files.written().entrySet()) {
            assertThat(file.getValue().bytes()).isEqualTo(java.nio.file.Files.size(dir.resolve(file.getKey())));
            assertThat(file.getValue().rows()).isEqualTo(read(file.getKey()).size());
        }
        List<Group> first = read(nine + "p3-0.zstd.parquet");
        assertThat(first).extracting(g -> g.getString("sensor_id", 0)).containsExactly(
                SENSORS.get(0).id(), SENSORS.get(0).id(), SENSORS.get(1).id(), SENSORS.get(1).id());
        assertThat(first).extracting(g -> g.getLong("event_time_ms", 0)).containsExactly(
                NINE.toEpochMilli(), NINE.toEpochMilli() + 60_000, NINE.toEpochMilli(), NINE.toEpochMilli() + 60_000);
        assertThat(first.get(0).getLong("kafka_offset", 0)).isZero();
        assertThat(first.get(0).getLong("kafka_timestamp", 0)).isEqualTo(NINE.toEpochMilli() + 500);
        assertThat(first.get(0).getDouble("temperature_c", 0)).isEqualTo(7.5);
        assertThat(read(nine + "p3-1.zstd.parquet")).extracting(g -> g.getLong("kafka_offset", 0)).containsExactly(12L);
        List<Group> quarantined = read("quarantine/sensor_type=weather/event_date=2026-11-21/event_hour=9/p3-0.zstd.parquet");
        assertThat(quarantined).hasSize(1);
        assertThat(quarantined.get(0).getString("reason", 0)).isEqualTo("malformed_json");
        assertThat(quarantined.get(0).getFieldRepetitionCount("field")).isZero();
        assertThat(quarantined.get(0).getBinary("raw_value", 0).toStringUsingUTF8()).isEqualTo("{oops");
    }
    @Test
    void aFlushOfManyOldHoursHoldsAtMostThreeFilesOpen() {
        List<Integer> openWhenCreating = new ArrayList<>();
        HourFiles[] files = new HourFiles[1];
        files[0] = new HourFiles(SensorType.WEATHER, "events/sensor_type=weather", "quarantine/sensor_type=weather", "p3",
                key -> dir.resolve(key).toUri().toString(), key -> {
                    announced.add(key);
                    openWhenCreating.add(announced.size() - 1 - files[0].written().size());
                }, new Configuration(), 1_000_000);
        long offset = 0;
        for (int hour = 0; hour < 10; hour++) { // a recent past of ten hours, all in one buffer
            for (Sensor s : SENSORS) {
                files[0].event(hourOf(NINE) + hour, row(s, NINE.plusSeconds(3600L * hour), offset++));
            }
        }
        files[0].finish();

        assertThat(files[0].written()).hasSize(10);
        assertThat(openWhenCreating).as("files already open when each next one is created").allMatch(n -> n <= 2);
    }
}
