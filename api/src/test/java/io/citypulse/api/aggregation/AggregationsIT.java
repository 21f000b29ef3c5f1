package io.citypulse.api.aggregation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.history.Aggregate;
import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.time.PlatformClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class AggregationsIT {

    Instant horizon;

    @BeforeEach
    void fixtures() {
        horizon = PlatformClock.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(210).horizon(horizon);
            // Batch: three hours before the horizon, one of them outside a 1h window but inside 24h.
            for (int h = 1; h <= 3; h++) {
                db.zoneHourly("harbour", "energy", horizon.minus(Duration.ofHours(h)), "power_kw", 3, new Aggregate(10, h, 10 * h, 50 * h));
            }
            db.zoneHourly("harbour", "traffic", horizon.minus(Duration.ofHours(1)), "vehicle_count", 2, new Aggregate(5, 1, 5, 15));
            // Speed: after the horizon counts; before it is already in the batch view and must be ignored.
            db.minute("energy-0001", "energy", "harbour", horizon.plusSeconds(60), "power_kw", new Aggregate(2, 0.5, 40, 41));
            db.minute("energy-0001", "energy", "harbour", horizon.minusSeconds(60), "power_kw", new Aggregate(500, 0, 1, 500));
            db.minute("traffic-0001", "traffic", "downtown", horizon.plusSeconds(120), "vehicle_count", new Aggregate(3, 2, 4, 9));
        }
    }

    @Test
    void mergesBatchHoursBeforeTheHorizonWithSpeedMinutesAfter() {
        JsonPath result = given().queryParam("window", "24h").get("/api/v1/aggregations").then().statusCode(200)
                .extract().jsonPath();
        assertThat(result.getString("window")).isEqualTo("24h");
        assertThat(result.getString("batchHorizon")).isEqualTo(horizon.toString());
        assertThat(result.getList("items.zone")).containsExactly("downtown", "harbour", "harbour");
        assertThat(result.getList("items.sensorType")).containsExactly("traffic", "energy", "traffic");
        assertThat(result.getList("items.source")).containsExactly("speed", "batch+speed", "batch");
        assertThat(result.getLong("items[1].measures.power_kw.count")).isEqualTo(32);
        assertThat(result.getDouble("items[1].measures.power_kw.sum")).isEqualTo(341.0);
        assertThat(result.getDouble("items[1].measures.power_kw.min")).isEqualTo(0.5);
        assertThat(result.getDouble("items[1].measures.power_kw.max")).isEqualTo(40.0);
    }

    @Test
    void filtersByZoneAndSensorType() {
        JsonPath result = given().queryParam("zone", "harbour").queryParam("sensorType", "energy").queryParam("window", "6h")
                .get("/api/v1/aggregations").then().statusCode(200).extract().jsonPath();
        assertThat(result.getList("items.sensorType")).containsExactly("energy");
        assertThat(result.getLong("items[0].measures.power_kw.count")).isEqualTo(32);
    }

    @Test
    void shortWindowStartsAtTheHourAndLeavesOlderBatchHoursOut() {
        try (Fixtures db = Fixtures.open()) {
            db.minute("weather-0001", "weather", "riverside", PlatformClock.now().truncatedTo(ChronoUnit.MINUTES), "temperature_c",
                    new Aggregate(1, 3, 3, 3));
        }
        JsonPath result = given().queryParam("window", "1h").get("/api/v1/aggregations").then().statusCode(200)
                .extract().jsonPath();
        Instant from = Instant.parse(result.getString("from"));
        assertThat(from).isEqualTo(from.truncatedTo(ChronoUnit.HOURS)).isAfterOrEqualTo(horizon);
        assertThat(result.getList("items.zone")).containsExactly("riverside");
        assertThat(result.getList("items.source")).containsExactly("speed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"window=2h", "window=-1d", "sensorType=bus"})
    void rejectsBadParameters(String query) {
        given().get("/api/v1/aggregations?" + query).then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo(query.substring(0, query.indexOf('='))));
    }
}
