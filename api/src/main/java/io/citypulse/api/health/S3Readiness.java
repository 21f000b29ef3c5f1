package io.citypulse.api.health;

import io.citypulse.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the S3 endpoint answers an unsigned HEAD of the lake bucket with any non-5xx status. The API only
 * reads the lake's manifest from PostgreSQL, so reachability is what it needs to report; it holds no S3 credentials.
 */
@Readiness
@ApplicationScoped
public class S3Readiness implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    ApiConfig config;

    @Override
    public HealthCheckResponse call() {
        String endpoint = config.s3().endpoint();
        var response = HealthCheckResponse.named("s3").withData("endpoint", endpoint).withData("bucket", config.s3().bucket());
        try {
            URI uri = URI.create(endpoint.replaceAll("/+$", "") + "/" + config.s3().bucket());
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.withData("status", answer.statusCode()).status(answer.statusCode() < 500).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().build();
        } catch (Exception e) {
            return response.withData("error", String.valueOf(e.getMessage())).down().build();
        }
    }
}
