package io.citypulse.api.anomaly;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.event.AnomalyType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class AnomaliesIT {

    static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    /** Ids newest first: (detected_at desc, anomaly_id desc). */
    final List<String> newestFirst = new ArrayList<>();

    @BeforeEach
    void fixtures() {
        newestFirst.clear();
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(210);
            for (int i = 0; i < 12; i++) {
                String sensor = String.format("traffic-%04d", i + 1);
                Instant window = T.plusSeconds(300L * i);
                String id = Anomaly.idFor(sensor, AnomalyType.SEVERE_CONGESTION, window);
                // Two anomalies share each detection time, so the keyset's tie-break on id is exercised.
                Instant detected = T.plusSeconds(600L * (i / 2));
                db.anomaly(id, sensor, "traffic", i % 3 == 0 ? "harbour" : "downtown", "SEVERE_CONGESTION",
                        i % 4 == 0 ? "CRITICAL" : "HIGH", window, detected);
            }
            db.anomaly(Anomaly.idFor("weather-0001", AnomalyType.HIGH_WIND, T), "weather-0001", "weather", "riverside",
                    "HIGH_WIND", "LOW", T, T.plusSeconds(7200));
        }
        newestFirst.addAll(given().queryParam("limit", 1000).get("/api/v1/anomalies").then().statusCode(200)
                .extract().jsonPath().getList("items.anomalyId", String.class));
    }

    /** Shorthand so the fixture reads like the contract. */
    private static final class Anomaly {
        static String idFor(String sensor, AnomalyType type, Instant window) {
            return io.citypulse.contract.event.Anomaly.idFor(sensor, type, window);
        }
    }

    @Test
    void listsNewestFirstWithTieBreakOnId() {
        JsonPath all = given().queryParam("limit", 1000).get("/api/v1/anomalies").then().statusCode(200).extract().jsonPath();
        List<String> detected = all.getList("items.detectedAt", String.class);
        assertThat(detected).hasSize(13);
        assertThat(detected.get(0)).isEqualTo("2026-11-20T10:00:00Z");
        for (int i = 1; i < detected.size(); i++) {
            assertThat(Instant.parse(detected.get(i))).isBeforeOrEqualTo(Instant.parse(detected.get(i - 1)));
            if (detected.get(i).equals(detected.get(i - 1))) {
                assertThat(newestFirst.get(i)).isLessThan(newestFirst.get(i - 1));
            }
        }
        assertThat(all.getString("items[0].type")).isEqualTo("HIGH_WIND");
        assertThat(all.getDouble("items[0].attributes.lanes")).isEqualTo(2.0);
        assertThat(all.getString("nextCursor")).isNull();
    }

    @Test
    void walksAllPagesWithTheCursorWithoutRepeatsOrGaps() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("limit", 5);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/anomalies").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.anomalyId", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).isEqualTo(newestFirst);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "severity=critical|3",
            "type=HIGH_WIND|1",
            "type=severe_congestion&zone=harbour|4",
            "zone=harbour&severity=CRITICAL|1",
            "sensor=traffic-0002|1",
            "sensorType=weather|1",
            "since=2026-11-20T08:10:00Z|11",
            "until=2026-11-20T08:10:00Z|2",
            "since=2026-11-20T08:10:00Z&until=2026-11-20T08:30:00Z|4"})
    void filters(String query, int expected) {
        given().get("/api/v1/anomalies?" + query + "&limit=1000").then().statusCode(200)
                .body("items.size()", equalTo(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "severity=urgent|severity",
            "type=FIRE|type",
            "sensorType=bus|sensorType",
            "since=last-week|since",
            "until=2026-13-01T00:00:00Z|until",
            "since=2026-11-20T09:00:00Z&until=2026-11-20T08:00:00Z|since",
            "limit=0|limit",
            "limit=100000|limit",
            "cursor=bm9wZQ|cursor",
            "cursor=!!|cursor"})
    void rejectsBadParameters(String query, String parameter) {
        given().get("/api/v1/anomalies?" + query).then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo(parameter));
    }
}
