package io.citypulse.api.zone;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.history.Aggregate;
import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.catalog.Zone;
import io.citypulse.contract.time.PlatformClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class ZonesIT {

    static final SensorCatalog CATALOG = SensorCatalog.defaultCity();
    static final String ZONE = "downtown";

    Instant hourStart;
    List<Sensor> traffic;

    @BeforeEach
    void fixtures() {
        Instant now = PlatformClock.now();
        hourStart = now.truncatedTo(ChronoUnit.HOURS);
        traffic = CATALOG.sensors().stream().filter(s -> s.zone().id().equals(ZONE) && s.type().wireName().equals("traffic"))
                .limit(2).toList();
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(CATALOG.size())
                    .latest(traffic.get(0).id(), "traffic", ZONE, now.minusSeconds(20), 1, "{\"vehicle_count\": 10, \"avg_speed_kmh\": 40.0}")
                    .latest(traffic.get(1).id(), "traffic", ZONE, now.minusSeconds(5), 1, "{\"vehicle_count\": 30, \"avg_speed_kmh\": 60.0}");
            // Today: the horizon at the start of this hour; a batch hour before it (if today has one) and speed minutes after.
            db.horizon(hourStart);
            db.minute(traffic.get(0).id(), "traffic", ZONE, hourStart, "vehicle_count", new Aggregate(4, 1, 9, 20));
            db.minute(traffic.get(0).id(), "traffic", ZONE, hourStart.minusSeconds(60), "vehicle_count", new Aggregate(99, 1, 9, 999));
            if (!hourStart.truncatedTo(ChronoUnit.DAYS).equals(hourStart)) {
                db.zoneHourly(ZONE, "traffic", hourStart.minusSeconds(3600), "vehicle_count", 2, new Aggregate(6, 2, 12, 30));
            }
        }
    }

    @Test
    void listsEveryZoneWithItsSensorCountsPerType() {
        JsonPath zones = given().get("/api/v1/zones").then().statusCode(200).extract().jsonPath();
        List<String> expectedIds = SensorCatalog.ZONES.stream().map(Zone::id).sorted().toList();
        assertThat(zones.getList("id", String.class)).isEqualTo(expectedIds);
        Map<String, Long> expected = new TreeMap<>(CATALOG.sensors().stream().filter(s -> s.zone().id().equals(ZONE))
                .collect(Collectors.groupingBy(s -> s.type().wireName(), Collectors.counting())));
        int i = expectedIds.indexOf(ZONE);
        Map<String, Object> sensors = zones.getMap("[" + i + "].sensors");
        assertThat(sensors).hasSize(expected.size());
        expected.forEach((type, n) -> assertThat(((Number) sensors.get(type)).longValue()).isEqualTo(n));
        assertThat(zones.getString("[" + i + "].name")).isEqualTo("Downtown");
        assertThat(zones.getString("[" + i + "].kind")).isEqualTo("COMMERCIAL");
    }

    @Test
    void summarisesCurrentReadingsAndTodayPerSensorType() {
        JsonPath summary = given().get("/api/v1/zones/" + ZONE + "/summary").then().statusCode(200).extract().jsonPath();
        assertThat(summary.getString("zone.id")).isEqualTo(ZONE);
        assertThat(summary.getList("types.sensorType")).containsExactly("energy", "traffic", "weather");
        assertThat(summary.getLong("types[1].reporting")).isEqualTo(2);
        assertThat(summary.getLong("types[1].current.vehicle_count.count")).isEqualTo(2);
        assertThat(summary.getDouble("types[1].current.vehicle_count.mean")).isEqualTo(20.0);
        assertThat(summary.getDouble("types[1].current.avg_speed_kmh.max")).isEqualTo(60.0);
        boolean batchHourToday = !hourStart.truncatedTo(ChronoUnit.DAYS).equals(hourStart);
        // Speed minutes before the horizon are ignored: the batch view covers that time.
        assertThat(summary.getLong("types[1].today.vehicle_count.count")).isEqualTo(batchHourToday ? 10 : 4);
        assertThat(summary.getString("types[1].todaySource")).isEqualTo(batchHourToday ? "batch+speed" : "speed");
        assertThat(summary.getLong("types[2].reporting")).isZero();
        assertThat(summary.getMap("types[2].today")).isEmpty();
    }

    @Test
    void answers404ProblemForUnknownZone() {
        given().get("/api/v1/zones/atlantis/summary").then().statusCode(404).contentType("application/problem+json")
                .body("parameter", equalTo("zone"));
        given().get("/api/v1/zones/atlantis").then().statusCode(404).body("parameter", equalTo("zone"));
    }
}
