package io.citypulse.contract.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsTest {

    @Test
    void namesEveryTopicOnce() {
        assertThat(Topics.all()).extracting(Topic::name).containsExactly(
                "citypulse.readings.energy", "citypulse.readings.traffic", "citypulse.readings.weather",
                "citypulse.anomalies", "citypulse.deadletter", "citypulse.late", "citypulse.groundtruth");
        assertThat(Topics.all()).extracting(Topic::name).doesNotHaveDuplicates();
    }

    @Test
    void theCatalogThatComposeCreatesIsEveryTopicWithItsPartitions() {
        assertThat(TopicCatalog.lines(Topics.all())).isEqualTo("""
                citypulse.readings.energy 3
                citypulse.readings.traffic 3
                citypulse.readings.weather 3
                citypulse.anomalies 3
                citypulse.deadletter 1
                citypulse.late 3
                citypulse.groundtruth 1
                """);
    }

    @Test
    void spellsNamesLowerCaseAndDotSeparatedUnderCitypulse() {
        assertThat(Topics.all()).extracting(Topic::name)
                .allMatch(name -> name.matches("citypulse(\\.[a-z]+)+"), "citypulse.<lower-case words>");
    }

    @ParameterizedTest
    @MethodSource("io.citypulse.contract.event.SensorType#all")
    void mapsReadingTopicsAndSensorTypesBothWays(SensorType type) {
        assertThat(Topics.readings(type).name()).isEqualTo("citypulse.readings." + type.wireName());
        assertThat(Topics.sensorTypeOf(Topics.readings(type).name())).contains(type);
    }

    @Test
    void knowsNoSensorTypeForOtherTopics() {
        assertThat(Topics.all()).filteredOn(topic -> !Topics.readingTopics().contains(topic))
                .extracting(topic -> Topics.sensorTypeOf(topic.name()))
                .allMatch(Optional::isEmpty);
        assertThat(Topics.sensorTypeOf("citypulse.readings.submarine")).isEmpty();
    }

    @Test
    void listsTheReadingTopicsInSensorTypeOrder() {
        assertThat(Topics.readingTopics()).containsExactlyElementsOf(
                SensorType.all().stream().map(Topics::readings).toList());
    }

    @Test
    void derivesTheSameAnomalyIdForTheSameSensorTypeAndWindow() {
        Instant window = Instant.parse("2026-03-02T08:15:00Z");
        String id = Anomaly.idFor("traffic-0042", AnomalyType.VOLUME_SPIKE, window);
        assertThat(Anomaly.idFor("traffic-0042", AnomalyType.VOLUME_SPIKE, Instant.parse("2026-03-02T08:15:00Z")))
                .isEqualTo(id);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void derivesAnotherAnomalyIdForAnotherWindowTypeOrSensor() {
        Instant window = Instant.parse("2026-03-02T08:15:00Z");
        assertThat(List.of(
                Anomaly.idFor("traffic-0042", AnomalyType.VOLUME_SPIKE, window),
                Anomaly.idFor("traffic-0042", AnomalyType.VOLUME_SPIKE, window.plusSeconds(60)),
                Anomaly.idFor("traffic-0042", AnomalyType.VOLUME_SPIKE, window.plusMillis(1)),
                Anomaly.idFor("traffic-0042", AnomalyType.SPEED_ANOMALY, window),
                Anomaly.idFor("traffic-0043", AnomalyType.VOLUME_SPIKE, window)))
                .doesNotHaveDuplicates();
    }
}
