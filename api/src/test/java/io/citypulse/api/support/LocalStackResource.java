package io.citypulse.api.support;

import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the API under test at the local stack (real Kafka, S3, PostgreSQL with migrations applied). One stack per
 * test JVM, shared by every test profile; it stops with the JVM (the stack's own shutdown hook).
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack stack;

    /** The running stack, started on first use. */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            stack = LocalStack.start(LocalStackConfig.forTests());
        }
        return stack;
    }

    @Override
    public Map<String, String> start() {
        LocalStack s = stack();
        return Map.of(
                "quarkus.datasource.jdbc.url", s.jdbcUrl(),
                "quarkus.datasource.username", s.dbUser(),
                "quarkus.datasource.password", s.dbPassword(),
                "citypulse.kafka.bootstrap-servers", s.kafkaBootstrapServers(),
                "citypulse.s3.endpoint", s.s3Endpoint().toString(),
                "citypulse.s3.bucket", s.s3Bucket());
    }

    @Override
    public void stop() {
        // Shared across test profiles: Quarkus restarts between profiles, the stack does not.
    }
}
