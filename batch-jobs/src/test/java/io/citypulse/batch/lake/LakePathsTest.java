package io.citypulse.batch.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LakePathsTest {

    private final LakePaths paths = new LakePaths("citypulse-lake");

    @Test
    void stagedFileMapsToARunUniqueFinalKeyInTheSamePartition() {
        String staged = paths.stagingDatasetKey("ingest-1", LakePaths.EVENTS, "traffic")
                + "/event_date=2026-11-21/event_hour=7/part-00000-abc.c000.zstd.parquet";
        LakePaths.Partition partition = LakePaths.partitionOf(staged).orElseThrow();

        assertThat(partition).isEqualTo(new LakePaths.Partition("events", "traffic", LocalDate.of(2026, 11, 21), 7));
        assertThat(paths.finalKey(partition, "ingest-1", 2))
                .isEqualTo("lake/events/sensor_type=traffic/event_date=2026-11-21/event_hour=7/ingest-1-2.zstd.parquet");
        assertThat(paths.uri("lake/x")).isEqualTo("s3a://citypulse-lake/lake/x");
    }

    @Test
    void epochHoursRoundTripThroughDateAndHour() {
        long hour = LakePaths.epochHour(LocalDate.of(2026, 11, 21), 23);

        assertThat(hour).isEqualTo(java.time.Instant.parse("2026-11-21T23:00:00Z").toEpochMilli() / 3_600_000L);
        assertThat(LakePaths.dateOfEpochHour(hour + 1)).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(LakePaths.hourOfEpochHour(hour + 1)).isZero();
        assertThat(LakePaths.partitionDirectory("lake/events/sensor_type=energy", LocalDate.of(2026, 11, 22), 0))
                .isEqualTo("lake/events/sensor_type=energy/event_date=2026-11-22/event_hour=0");
    }

    @Test
    void aDeclaredTypeNameWithDigitsAndUnderscoresIsAPartition() {
        assertThat(LakePaths.partitionOf("lake/quarantine/sensor_type=air_quality2/event_date=2026-11-22/event_hour=23/r-0.zstd.parquet"))
                .contains(new LakePaths.Partition("quarantine", "air_quality2", LocalDate.of(2026, 11, 22), 23));
    }

    @Test
    void keysOutsideTheLayoutHaveNoPartition() {
        assertThat(LakePaths.partitionOf("lake/_staging/run/_publish.txt")).isEmpty();
    }
}
