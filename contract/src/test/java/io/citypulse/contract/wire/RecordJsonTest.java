package io.citypulse.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import io.citypulse.contract.topic.RecordSerde;
import io.citypulse.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static final Instant WINDOW_START = Instant.parse("2026-03-02T08:15:00Z");

    private static Anomaly anomaly() {
        return new Anomaly(Anomaly.idFor("traffic-0042", AnomalyType.SEVERE_CONGESTION, WINDOW_START),
                "traffic-0042", SensorType.TRAFFIC, "old-town", AnomalyType.SEVERE_CONGESTION, Severity.HIGH,
                WINDOW_START, WINDOW_START.plusSeconds(60), 8.5, 15.0, Instant.parse("2026-03-02T08:16:02.125Z"),
                Map.of("speed_limit_kmh", 50.0, "lanes", 2.0), "mean speed 8.5 km/h below 15 km/h for 60 s");
    }

    private static InjectionLabel duplicateLabel() {
        return new InjectionLabel("label-7", InjectionKind.DUPLICATE, null, "energy-0003", SensorType.ENERGY,
                WINDOW_START, WINDOW_START, "evt-energy-0003-12", null);
    }

    private static InjectionLabel anomalyLabel() {
        return new InjectionLabel("label-8", InjectionKind.ANOMALY, AnomalyType.HIGH_WIND, "weather-0002",
                SensorType.WEATHER, WINDOW_START, WINDOW_START.plusSeconds(300), null, "gusts to 35 m/s");
    }

    @Test
    void roundTripsAnAnomalyThroughItsTopicSerde() {
        RecordSerde<Anomaly> serde = (RecordSerde<Anomaly>) Topics.ANOMALIES.valueSerde();
        byte[] bytes = serde.serialize(Topics.ANOMALIES.name(), anomaly());
        assertThat(serde.deserialize(Topics.ANOMALIES.name(), bytes)).isEqualTo(anomaly());
    }

    @Test
    void roundTripsInjectionLabelsWithAndWithoutOptionalFields() {
        RecordSerde<InjectionLabel> serde = (RecordSerde<InjectionLabel>) Topics.GROUND_TRUTH.valueSerde();
        for (InjectionLabel label : new InjectionLabel[] {duplicateLabel(), anomalyLabel()}) {
            byte[] bytes = serde.serialize(Topics.GROUND_TRUTH.name(), label);
            assertThat(serde.deserialize(Topics.GROUND_TRUTH.name(), bytes)).isEqualTo(label);
        }
    }

    @Test
    void writesSnakeCaseNamesIsoInstantsAndEnumNames() {
        assertThat(new String(RecordJson.encode(duplicateLabel()), StandardCharsets.UTF_8)).isEqualTo(
                "{\"label_id\":\"label-7\",\"kind\":\"DUPLICATE\",\"anomaly_type\":null,\"sensor_id\":\"energy-0003\","
                        + "\"sensor_type\":\"ENERGY\",\"from\":\"2026-03-02T08:15:00Z\",\"to\":\"2026-03-02T08:15:00Z\","
                        + "\"event_id\":\"evt-energy-0003-12\",\"detail\":\"\"}");
    }

    @Test
    void passesNullThroughTheSerde() {
        RecordSerde<Anomaly> serde = new RecordSerde<>(Anomaly.class);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void namesTheFieldOfAnAnomalyWithAnUnknownSeverity() {
        assertBadAnomaly(json(anomaly()).replace("\"HIGH\"", "\"APOCALYPTIC\""),
                "bad Anomaly on citypulse.anomalies: severity: APOCALYPTIC is not a valid Severity");
    }

    @Test
    void namesTheFieldOfAnAnomalyWithTextForANumber() {
        assertBadAnomaly(json(anomaly()).replace("\"observed_value\":8.5", "\"observed_value\":\"low\""),
                "bad Anomaly on citypulse.anomalies: observed_value: low is not a valid double");
    }

    @Test
    void namesTheAbsentFieldOfAnAnomaly() {
        assertBadAnomaly(json(anomaly()).replace("\"threshold\":15.0,", ""),
                "bad Anomaly on citypulse.anomalies: threshold: field is absent");
        assertBadAnomaly(json(anomaly()).replace("\"sensor_id\":\"traffic-0042\",", ""),
                "bad Anomaly on citypulse.anomalies: Anomaly: sensorId");
    }

    @Test
    void namesTheFieldOfAnAnomalyWithANullAttribute() {
        assertBadAnomaly(json(anomaly()).replaceFirst("\"attributes\":\\{[^}]*}", "\"attributes\":{\"lanes\":null}"),
                "bad Anomaly on citypulse.anomalies: attributes: {lanes=null} is not a valid Map");
    }

    @Test
    void namesTheFieldOfAnAnomalyWithABadInstant() {
        assertBadAnomaly(json(anomaly()).replace("\"2026-03-02T08:16:02.125Z\"", "\"yesterday\""),
                "bad Anomaly on citypulse.anomalies: detected_at: yesterday is not a valid Instant");
    }

    @Test
    void rejectsAnAnomalyThatBreaksItsOwnRules() {
        assertBadAnomaly(json(anomaly()).replace("\"sensor_type\":\"TRAFFIC\"", "\"sensor_type\":\"ENERGY\""),
                "bad Anomaly on citypulse.anomalies: Anomaly: SEVERE_CONGESTION does not apply to energy sensors");
    }

    @Test
    void rejectsBytesThatAreNotAnObject() {
        assertBadAnomaly("[]", "bad Anomaly on citypulse.anomalies: not a JSON object");
        assertThatThrownBy(() -> deserialize("{\"anomaly_id\":"))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("bad Anomaly on citypulse.anomalies: not decodable: Unexpected end-of-input");
    }

    private static void assertBadAnomaly(String json, String message) {
        assertThatThrownBy(() -> deserialize(json))
                .isInstanceOf(SerializationException.class)
                .hasMessage(message);
    }

    private static Anomaly deserialize(String json) {
        return Topics.ANOMALIES.valueSerde().deserializer()
                .deserialize(Topics.ANOMALIES.name(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Anomaly anomaly) {
        return new String(RecordJson.encode(anomaly), StandardCharsets.UTF_8);
    }
}
