package io.citypulse.api.health;

import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.statistics.KafkaAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Kafka cluster answers a describeCluster within two seconds. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    @Inject
    KafkaAdmin kafka;
    @Inject
    ApiConfig config;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka").withData("bootstrap", config.kafka().bootstrapServers());
        try {
            int nodes = kafka.admin().describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
            return response.withData("brokers", nodes).up().build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().build();
        } catch (Exception e) {
            return response.withData("error", String.valueOf(e.getMessage())).down().build();
        }
    }
}
