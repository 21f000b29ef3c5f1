package io.citypulse.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The prod behaviour: auth on, keys from their SHA-256 digests. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(ApiKeyAuthIT.AuthOn.class)
class ApiKeyAuthIT {

    static final String KEY = "test-key-1";
    static final String OTHER_KEY = "second key";

    /** Auth on with two accepted keys. */
    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("citypulse.auth.enabled", "true",
                    "citypulse.auth.key-sha256", hex(KEY) + "," + hex(OTHER_KEY).toUpperCase(),
                    // The prod caching of single-sensor lookups, exercised here too.
                    "citypulse.latest.max-age", "PT1M");
        }
    }

    static String hex(String key) {
        return HexFormat.of().formatHex(ApiKeyFilter.sha256(key));
    }

    @Test
    void rejectsRequestsWithoutAKey() {
        given().get("/api/v1/zones").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "ApiKey header=\"X-API-Key\"")
                .body("status", equalTo(401)).body("parameter", equalTo("X-API-Key"))
                .body("detail", equalTo("missing X-API-Key header"));
    }

    @Test
    void rejectsAWrongKeyEvenOnUnknownPaths() {
        given().header("X-API-Key", "guess").get("/api/v1/zones").then().statusCode(401)
                .body("detail", equalTo("invalid API key"));
        given().get("/api/v1/does-not-exist").then().statusCode(401);
    }

    @Test
    void acceptsEveryConfiguredKey() {
        given().header("X-API-Key", KEY).get("/api/v1/zones").then().statusCode(200);
        given().header("X-API-Key", OTHER_KEY).get("/api/v1/sensors/traffic-0001").then().statusCode(200);
        given().header("X-API-Key", KEY).get("/api/v1/sensors?limit=0").then().statusCode(400);
    }

    @Test
    void servesRepeatedSensorLookupsFromTheCacheUpToMaxAge() {
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(210).latest("traffic-0042", "traffic", "downtown",
                    java.time.Instant.parse("2026-11-20T10:00:00Z"), 1, "{\"vehicle_count\": 1}");
            given().header("X-API-Key", KEY).get("/api/v1/sensors/traffic-0042").then().statusCode(200)
                    .body("latest.seq", equalTo(1));
            db.exec("UPDATE rt_latest_reading SET seq = 2 WHERE sensor_id = 'traffic-0042'");
        }
        given().header("X-API-Key", KEY).get("/api/v1/sensors/traffic-0042").then().statusCode(200)
                .body("latest.seq", equalTo(1));
        for (int i = 0; i < 2; i++) {
            given().header("X-API-Key", KEY).get("/api/v1/sensors/traffic-9999").then().statusCode(404)
                    .contentType("application/problem+json").body("parameter", equalTo("id"));
        }
    }

    @Test
    void leavesRootHealthDocsAndMetricsOpen() {
        given().get("/").then().statusCode(200);
        given().get("/health").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
