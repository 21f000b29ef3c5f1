package io.citypulse.api.history;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.catalog.SensorCatalog;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Lambda seam: batch views before the horizon, speed minutes after it, checked against ground truth computed
 * here from the raw per-minute values both layers were fed.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
class HistoryIT {

    static final String SENSOR = "traffic-0001";
    static final String ZONE = SensorCatalog.defaultCity().find(SENSOR).orElseThrow().zone().id();
    static final Instant H = Instant.parse("2026-11-20T12:00:00Z");
    /** Decimals as doubles: the default float loses the precision the totals are checked with. */
    static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    static final List<String> MEASURES = List.of("avg_speed_kmh", "vehicle_count");

    /** Ground truth: per measure and minute, the aggregate of what the sensor sent. */
    final Map<String, TreeMap<Instant, Aggregate>> truth = new TreeMap<>();

    @BeforeEach
    void fixtures() {
        SplittableRandom random = new SplittableRandom(7);
        for (String measure : MEASURES) {
            TreeMap<Instant, Aggregate> minutes = new TreeMap<>();
            // 20 hours before H (for the day straddle) to 12 hours after it (to the end of the day).
            for (Instant m = H.minus(Duration.ofHours(20)); m.isBefore(H.plus(Duration.ofHours(12))); m = m.plusSeconds(60)) {
                int n = 1 + random.nextInt(6);
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double v = Math.round(random.nextDouble(0, 120) * 100) / 100.0;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                }
                minutes.put(m, new Aggregate(n, min, max, sum));
            }
            truth.put(measure, minutes);
        }
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(210).horizon(H);
            truth.forEach((measure, minutes) -> {
                // Batch view: whole hours before H, as the batch-views job writes them.
                Map<Instant, Aggregate> hours = new TreeMap<>();
                minutes.forEach((m, a) -> {
                    if (m.isBefore(H)) {
                        hours.merge(m.truncatedTo(ChronoUnit.HOURS), a, Aggregate::plus);
                    }
                });
                hours.forEach((hour, a) -> db.hourly(SENSOR, "traffic", ZONE, hour, measure, a));
                // A half-written batch hour at the horizon must not be read: the horizon says it is incomplete.
                db.hourly(SENSOR, "traffic", ZONE, H, measure, new Aggregate(1000, 0, 1, 1000));
                // The speed layer's minutes: after H all of them; before H it missed every tenth minute (late data
                // the batch layer has), so reading speed rows before H would break the totals.
                minutes.forEach((m, a) -> {
                    if (!m.isBefore(H) || m.getEpochSecond() / 60 % 10 != 0) {
                        db.minute(SENSOR, "traffic", ZONE, m, measure, a);
                    }
                });
            });
            // The previous day is complete in the daily batch view.
            truth.forEach((measure, minutes) -> {
                Aggregate day = total(minutes, H.minus(Duration.ofHours(36)), H.minus(Duration.ofHours(12)));
                if (day != null) {
                    db.daily(SENSOR, "traffic", ZONE, LocalDate.of(2026, 11, 19), measure, day);
                }
            });
        }
    }

    private static Aggregate total(TreeMap<Instant, Aggregate> minutes, Instant from, Instant to) {
        return minutes.subMap(from, true, to, false).values().stream().reduce(Aggregate::plus).orElse(null);
    }

    @Test
    void servesBatchBeforeTheHorizonAndSpeedAfterWithExactTotals() {
        Instant from = H.minus(Duration.ofHours(3));
        Instant to = H.plus(Duration.ofHours(2));
        JsonPath history = given().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("resolution", "hour").get("/api/v1/sensors/" + SENSOR + "/history")
                .then().statusCode(200).extract().jsonPath().using(DOUBLES);

        assertThat(history.getString("batchHorizon")).isEqualTo(H.toString());
        List<Map<String, Object>> points = history.getList("points");
        assertThat(points).hasSize(5);
        for (int i = 0; i < 5; i++) {
            Instant start = from.plus(Duration.ofHours(i));
            assertThat(points.get(i).get("start")).isEqualTo(start.toString());
            assertThat(points.get(i).get("end")).isEqualTo(start.plus(Duration.ofHours(1)).toString());
            assertThat(points.get(i).get("source")).isEqualTo(start.isBefore(H) ? "batch" : "speed");
        }
        for (String measure : MEASURES) {
            Aggregate expected = total(truth.get(measure), from, to);
            long count = 0;
            double sum = 0;
            for (int i = 0; i < 5; i++) {
                count += history.getLong("points[" + i + "].measures." + measure + ".count");
                sum += history.getDouble("points[" + i + "].measures." + measure + ".sum");
                Instant start = from.plus(Duration.ofHours(i));
                Aggregate hour = total(truth.get(measure), start, start.plus(Duration.ofHours(1)));
                assertThat(history.getLong("points[" + i + "].measures." + measure + ".count")).isEqualTo(hour.count());
                assertThat(history.getDouble("points[" + i + "].measures." + measure + ".min")).isEqualTo(hour.min());
                assertThat(history.getDouble("points[" + i + "].measures." + measure + ".max")).isEqualTo(hour.max());
                assertThat(history.getDouble("points[" + i + "].measures." + measure + ".mean"))
                        .isCloseTo(hour.mean(), within(1e-9));
            }
            assertThat(count).isEqualTo(expected.count());
            assertThat(sum).isCloseTo(expected.sum(), within(1e-6));
        }
    }

    @Test
    void combinesBatchHoursAndSpeedMinutesInTheDayAcrossTheHorizon() {
        JsonPath history = given().queryParam("from", "2026-11-19T00:00:00Z").queryParam("to", "2026-11-21T00:00:00Z")
                .queryParam("resolution", "day").get("/api/v1/sensors/" + SENSOR + "/history")
                .then().statusCode(200).extract().jsonPath().using(DOUBLES);
        assertThat(history.getList("points.start")).containsExactly("2026-11-19T00:00:00Z", "2026-11-20T00:00:00Z");
        assertThat(history.getList("points.source")).containsExactly("batch", "batch+speed");
        Instant day19 = LocalDate.of(2026, 11, 19).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (String measure : MEASURES) {
            Aggregate d19 = total(truth.get(measure), day19, day19.plus(Duration.ofDays(1)));
            Aggregate d20 = total(truth.get(measure), day19.plus(Duration.ofDays(1)), day19.plus(Duration.ofDays(2)));
            assertThat(history.getLong("points[0].measures." + measure + ".count")).isEqualTo(d19.count());
            assertThat(history.getLong("points[1].measures." + measure + ".count")).isEqualTo(d20.count());
            assertThat(history.getDouble("points[1].measures." + measure + ".sum")).isCloseTo(d20.sum(), within(1e-6));
            assertThat(history.getDouble("points[1].measures." + measure + ".max")).isEqualTo(d20.max());
        }
    }

    @Test
    void servesMinutesFromTheSpeedLayer() {
        Instant from = H.plus(Duration.ofMinutes(5));
        JsonPath history = given().queryParam("from", from.toString()).queryParam("to", from.plusSeconds(600).toString())
                .queryParam("resolution", "minute").get("/api/v1/sensors/" + SENSOR + "/history")
                .then().statusCode(200).extract().jsonPath().using(DOUBLES);
        assertThat(history.getList("points")).hasSize(10);
        assertThat(history.getList("points.source")).containsOnly("speed");
        assertThat(history.getLong("points[3].measures.vehicle_count.count"))
                .isEqualTo(truth.get("vehicle_count").get(from.plusSeconds(180)).count());
    }

    @Test
    void servesEverythingFromTheSpeedLayerBeforeTheFirstBatchRun() {
        try (Fixtures db = Fixtures.open()) {
            db.exec("DELETE FROM batch_horizon");
        }
        Instant from = H.plus(Duration.ofHours(1));
        JsonPath history = given().queryParam("from", from.toString()).queryParam("to", from.plusSeconds(7200).toString())
                .get("/api/v1/sensors/" + SENSOR + "/history").then().statusCode(200).extract().jsonPath().using(DOUBLES);
        assertThat(history.getString("batchHorizon")).isNull();
        assertThat(history.getString("resolution")).isEqualTo("hour");
        assertThat(history.getList("points.source")).containsExactly("speed", "speed");
    }

    @Test
    void answers404ForUnknownSensor() {
        given().get("/api/v1/sensors/nope-1/history").then().statusCode(404).contentType("application/problem+json")
                .body("parameter", equalTo("id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "resolution=week|resolution",
            "from=yesterday|from",
            "to=2026-11-20T25:00:00Z|to",
            "from=2026-11-20T10:00:00|from",
            "from=2026-11-20T12:00:00Z&to=2026-11-20T10:00:00Z|from",
            "from=2026-11-20T12:00:00Z&to=2026-11-20T12:00:00Z|from",
            "resolution=minute&from=2026-11-18T00:00:00Z&to=2026-11-20T00:00:00Z|to",
            "resolution=hour&from=2026-09-01T00:00:00Z&to=2026-11-20T00:00:00Z|to",
            "resolution=day&from=2024-01-01T00:00:00Z&to=2026-11-20T00:00:00Z|to"})
    void rejectsBadParameters(String query, String parameter) {
        given().get("/api/v1/sensors/" + SENSOR + "/history?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400)).body("parameter", equalTo(parameter));
    }
}
