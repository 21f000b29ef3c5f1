package io.citypulse.api.sensor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.SensorType;
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
class SensorsIT {

    static final SensorCatalog CATALOG = SensorCatalog.defaultCity();
    static final Instant T = Instant.parse("2026-11-20T10:15:00Z");

    @BeforeEach
    void fixtures() {
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(CATALOG.size())
                    .latest("traffic-0001", "traffic", zoneOf("traffic-0001"), T, 42,
                            "{\"vehicle_count\": 17, \"avg_speed_kmh\": 48.5, \"occupancy_pct\": 12.0}")
                    .latest("weather-0003", "weather", zoneOf("weather-0003"), T.plusSeconds(30), 7,
                            "{\"temperature_c\": 4.5}");
        }
    }

    static String zoneOf(String id) {
        return CATALOG.find(id).orElseThrow().zone().id();
    }

    @Test
    void returnsCatalogEntryWithItsLatestReading() {
        Sensor expected = CATALOG.find("traffic-0001").orElseThrow();
        given().get("/api/v1/sensors/traffic-0001").then().statusCode(200)
                .body("id", equalTo("traffic-0001"))
                .body("type", equalTo("traffic"))
                .body("zone", equalTo(expected.zone().id()))
                .body("lat", equalTo((float) expected.location().lat()))
                .body("attributes.lanes", equalTo((float) expected.attribute("lanes")))
                .body("latest.seq", equalTo(42))
                .body("latest.eventTime", equalTo("2026-11-20T10:15:00Z"))
                .body("latest.measures.vehicle_count", equalTo(17))
                .body("latest.measures.avg_speed_kmh", equalTo(48.5f));
    }

    @Test
    void returnsSensorWithoutReadingWithNullLatest() {
        given().get("/api/v1/sensors/energy-0100").then().statusCode(200)
                .body("id", equalTo("energy-0100")).body("latest", nullValue());
    }

    @Test
    void answers404ProblemForUnknownSensor() {
        given().get("/api/v1/sensors/traffic-9999").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not found"))
                .body("parameter", equalTo("id")).body("instance", equalTo("/api/v1/sensors/traffic-9999"));
    }

    @Test
    void listsFirstPageOrderedByIdWithTotal() {
        List<String> all = CATALOG.sensors().stream().map(Sensor::id).sorted().toList();
        JsonPath page = given().get("/api/v1/sensors").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.id", String.class)).isEqualTo(all.subList(0, 50));
        assertThat(page.getInt("total")).isEqualTo(CATALOG.size());
        assertThat(page.getInt("limit")).isEqualTo(50);
        assertThat(page.getString("nextCursor")).isNotNull();
    }

    @Test
    void filtersByTypeAndZone() {
        String zone = "harbour";
        List<String> expected = CATALOG.sensors(SensorType.ENERGY).stream().filter(s -> s.zone().id().equals(zone))
                .map(Sensor::id).sorted().toList();
        JsonPath page = given().queryParam("type", "energy").queryParam("zone", zone).queryParam("limit", 1000)
                .get("/api/v1/sensors").then().statusCode(200).extract().jsonPath();
        assertThat(expected).isNotEmpty();
        assertThat(page.getList("items.id", String.class)).isEqualTo(expected);
        assertThat(page.getInt("total")).isEqualTo(expected.size());
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void walksEveryWeatherSensorWithCursorPages() {
        List<String> expected = CATALOG.sensors(SensorType.WEATHER).stream().map(Sensor::id).sorted().toList();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("type", "WEATHER").queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/sensors").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(expected);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void pagesWithOffset() {
        List<String> traffic = CATALOG.sensors(SensorType.TRAFFIC).stream().map(Sensor::id).sorted().toList();
        JsonPath page = given().queryParam("type", "traffic").queryParam("limit", 10).queryParam("offset", 95)
                .get("/api/v1/sensors").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("items.id", String.class)).isEqualTo(traffic.subList(95, 100));
        assertThat(page.getInt("offset")).isEqualTo(95);
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void latestListsOnlyReportingSensors() {
        JsonPath all = given().get("/api/v1/sensors/latest").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items.id", String.class)).containsExactly("traffic-0001", "weather-0003");
        assertThat(all.getInt("total")).isEqualTo(2);
        JsonPath weather = given().queryParam("type", "weather").get("/api/v1/sensors/latest").then().statusCode(200)
                .extract().jsonPath();
        assertThat(weather.getList("items.id", String.class)).containsExactly("weather-0003");
        assertThat(weather.getDouble("items[0].latest.measures.temperature_c")).isEqualTo(4.5);
        String zone = zoneOf("traffic-0001");
        List<String> expected = java.util.stream.Stream.of("traffic-0001", "weather-0003")
                .filter(id -> zoneOf(id).equals(zone)).toList();
        JsonPath byZone = given().queryParam("zone", zone).get("/api/v1/sensors/latest").then()
                .statusCode(200).extract().jsonPath();
        assertThat(byZone.getList("items.id", String.class)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "type=parking, type",
            "limit=0, limit",
            "limit=1001, limit",
            "limit=ten, limit",
            "offset=-1, offset",
            "cursor=@@@, cursor",
            "cursor=dHJhZmZpYy0wMDAx&offset=3, offset"})
    void rejectsBadListParametersWithProblem(String query, String parameter) {
        given().get("/api/v1/sensors?" + query).then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("parameter", equalTo(parameter))
                .body("type", equalTo("/problems/bad-parameter"));
        given().get("/api/v1/sensors/latest?" + query).then().statusCode(400).body("parameter", equalTo(parameter));
    }
}
