package io.citypulse.api.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.citypulse.api.support.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class ServiceIT {

    @Test
    void rootNamesTheServiceAndLinksEverything() {
        given().get("/").then().statusCode(200)
                .body("name", equalTo("citypulse-api"))
                .body("version", equalTo("0.1.0-SNAPSHOT"))
                .body("links.docs", equalTo("/docs"))
                .body("links.openapi", equalTo("/q/openapi"))
                .body("links.sensors", equalTo("/api/v1/sensors"));
    }

    @Test
    void healthIsUpWithKafkaPostgresAndS3Checks() {
        given().get("/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("kafka", "s3", "Database connections health check"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("kafka", "s3"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void servesOpenApiAndSwaggerUi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("CityPulse API"))
                .body("paths.keySet()", hasItems("/api/v1/sensors", "/api/v1/sensors/{id}", "/api/v1/sensors/{id}/history",
                        "/api/v1/sensors/latest", "/api/v1/zones", "/api/v1/zones/{zone}/summary", "/api/v1/anomalies",
                        "/api/v1/anomalies/stream", "/api/v1/aggregations", "/api/v1/statistics/kafka",
                        "/api/v1/statistics/parquet", "/api/v1/statistics/pipeline"));
        given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void exposesPrometheusMetricsIncludingOurOwn() {
        given().get("/api/v1/sensors/no-such-sensor").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("http_server_requests_seconds_bucket"))
                .body(containsString("citypulse_api_problems_total{status=\"404\"}"))
                .body(containsString("citypulse_api_sse_subscribers"));
    }

    @Test
    void answersUnknownRoutesAndWrongMethodsWithProblems() {
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().delete("/api/v1/sensors").then().statusCode(405).contentType("application/problem+json")
                .header("Allow", "GET, HEAD, OPTIONS").body("status", equalTo(405));
        given().post("/api/v1/zones/downtown/summary").then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS");
    }

    @Test
    void aControlCharacterInAnIdOrFilterIsABadParameterNotAnUnavailableDatabase() {
        given().urlEncodingEnabled(false).get("/api/v1/aggregations?zone=%00x").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("zone"));
        given().urlEncodingEnabled(false).get("/api/v1/sensors/a%00b").then().statusCode(400).body("parameter", equalTo("id"));
        given().urlEncodingEnabled(false).get("/api/v1/zones/a%01/summary").then().statusCode(400).body("parameter", equalTo("zone"));
    }

    @Test
    void theDocumentDeclaresValueSetsBoundsNullablesAndProblems() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.SensorType.enum", equalTo(java.util.List.of("energy", "traffic", "weather")))
                .body("components.schemas.Severity.enum", hasItems("LOW", "CRITICAL"))
                .body("components.schemas.History.properties.batchHorizon.type", hasItems("null"))
                .body("paths.'/api/v1/sensors'.get.responses.keySet()", hasItems("200", "400", "401", "503"))
                .body("paths.'/api/v1/sensors/{id}'.get.responses.'404'.content.'application/problem+json'.schema.$ref",
                        equalTo("#/components/schemas/Problem"));
    }
}
