package io.citypulse.batch.cli;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where the batch jobs find the platform, read from the CITYPULSE_* environment variables that the
 * local stack and compose both provide.
 */
public record JobConfig(
        String kafkaBootstrap,
        URI s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Bucket,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Optional<URI> pushgatewayUrl) {

    /** Reads and validates the process environment. */
    public static JobConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** As {@link #fromEnvironment()}; the error names the missing or bad variable. */
    public static JobConfig fromEnvironment(Map<String, String> env) {
        return new JobConfig(
                required(env, "CITYPULSE_KAFKA_BOOTSTRAP"),
                uri(env, "CITYPULSE_S3_ENDPOINT", required(env, "CITYPULSE_S3_ENDPOINT")),
                required(env, "CITYPULSE_S3_ACCESS_KEY"),
                required(env, "CITYPULSE_S3_SECRET_KEY"),
                required(env, "CITYPULSE_S3_BUCKET"),
                required(env, "CITYPULSE_DB_URL"),
                required(env, "CITYPULSE_DB_USER"),
                required(env, "CITYPULSE_DB_PASSWORD"),
                Optional.ofNullable(env.get("CITYPULSE_PUSHGATEWAY_URL")).filter(s -> !s.isBlank())
                        .map(raw -> uri(env, "CITYPULSE_PUSHGATEWAY_URL", raw)));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.trim();
    }

    private static URI uri(Map<String, String> env, String name, String raw) {
        try {
            URI uri = URI.create(raw.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a URL like http://127.0.0.1:9000, got '" + raw + "'");
        }
    }
}
