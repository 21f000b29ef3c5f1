package io.citypulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to start and where: state directory, ports (0 picks a free one), Prometheus on or off, bucket name.
 *
 * @param stateDir         every file the stack writes (data, logs, pids, stack.env) lives below it
 * @param ephemeral        delete {@code stateDir} on close (tests)
 * @param prometheusConfig scrape config to use instead of the generated minimal one
 * @param readyTimeout     how long one start of Kafka, S3, PostgreSQL or Prometheus may take to answer; a slow
 *                         machine (or one under libfaketime) raises it with CITYPULSE_SERVICE_READY_TIMEOUT
 */
public record LocalStackConfig(
        Path stateDir,
        boolean ephemeral,
        int kafkaPort,
        int s3Port,
        int postgresPort,
        int prometheusPort,
        int pushgatewayPort,
        boolean enablePrometheus,
        String bucket,
        Optional<Path> prometheusConfig,
        Duration readyTimeout) {

    public static final String DEFAULT_BUCKET = "citypulse-lake";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    static final String READY_TIMEOUT_VARIABLE = "CITYPULSE_SERVICE_READY_TIMEOUT";
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public LocalStackConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(prometheusConfig, "prometheusConfig");
        if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout must be positive, got " + readyTimeout);
        }
        checkPort("kafkaPort", kafkaPort);
        checkPort("s3Port", s3Port);
        checkPort("postgresPort", postgresPort);
        checkPort("prometheusPort", prometheusPort);
        checkPort("pushgatewayPort", pushgatewayPort);
        if (bucket == null || !BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket must be a valid S3 bucket name (lower-case, 3-63 chars), got '" + bucket + "'");
        }
    }

    /** Free ports, a fresh temporary state directory deleted on close, no Prometheus; the ready timeout as for up. */
    public static LocalStackConfig forTests() {
        try {
            Path dir = Files.createTempDirectory("citypulse-stack-");
            return new LocalStackConfig(dir, true, 0, 0, 0, 0, 0, false, DEFAULT_BUCKET, Optional.empty(),
                    readyTimeoutFrom(System.getenv()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
    }

    /** Fixed default ports for {@code ./citypulse up}, each overridable by a CITYPULSE_* variable. */
    public static LocalStackConfig fromEnvironment(Path stateDir) {
        return fromEnvironment(stateDir, System.getenv());
    }

    /** As {@link #fromEnvironment(Path)} with an explicit variable map; the error names the bad variable. */
    public static LocalStackConfig fromEnvironment(Path stateDir, Map<String, String> env) {
        return new LocalStackConfig(
                stateDir.toAbsolutePath(), false,
                portFrom(env, "CITYPULSE_KAFKA_PORT", 9092),
                portFrom(env, "CITYPULSE_S3_PORT", 9000),
                portFrom(env, "CITYPULSE_POSTGRES_PORT", 5433),
                portFrom(env, "CITYPULSE_PROMETHEUS_PORT", 9090),
                portFrom(env, "CITYPULSE_PUSHGATEWAY_PORT", 9091),
                true,
                bucketFrom(env),
                Optional.ofNullable(env.get("CITYPULSE_PROMETHEUS_CONFIG")).filter(s -> !s.isBlank()).map(Path::of),
                readyTimeoutFrom(env));
    }

    public LocalStackConfig withStateDir(Path dir) {
        return new LocalStackConfig(dir, ephemeral, kafkaPort, s3Port, postgresPort, prometheusPort, pushgatewayPort,
                enablePrometheus, bucket, prometheusConfig, readyTimeout);
    }

    public LocalStackConfig withPrometheus(boolean enabled) {
        return new LocalStackConfig(stateDir, ephemeral, kafkaPort, s3Port, postgresPort, prometheusPort, pushgatewayPort,
                enabled, bucket, prometheusConfig, readyTimeout);
    }

    public LocalStackConfig withPrometheusConfig(Path config) {
        return new LocalStackConfig(stateDir, ephemeral, kafkaPort, s3Port, postgresPort, prometheusPort, pushgatewayPort,
                enablePrometheus, bucket, Optional.of(config), readyTimeout);
    }

    public LocalStackConfig withBucket(String name) {
        return new LocalStackConfig(stateDir, ephemeral, kafkaPort, s3Port, postgresPort, prometheusPort, pushgatewayPort,
                enablePrometheus, name, prometheusConfig, readyTimeout);
    }

    public LocalStackConfig withPorts(int kafka, int s3, int postgres, int prometheus, int pushgateway) {
        return new LocalStackConfig(stateDir, ephemeral, kafka, s3, postgres, prometheus, pushgateway,
                enablePrometheus, bucket, prometheusConfig, readyTimeout);
    }

    private static int portFrom(Map<String, String> env, String variable, int defaultPort) {
        String raw = env.get(variable);
        if (raw == null || raw.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(raw.trim());
            checkPort(variable, port);
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a port number between 0 and 65535, got '" + raw + "'");
        }
    }

    private static Duration readyTimeoutFrom(Map<String, String> env) {
        String raw = env.get(READY_TIMEOUT_VARIABLE);
        if (raw == null || raw.isBlank()) {
            return DEFAULT_READY_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(raw.trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // answered below, as for a non-positive value
        }
        throw new IllegalArgumentException(READY_TIMEOUT_VARIABLE + " must be a positive number of seconds, got '" + raw + "'");
    }

    private static String bucketFrom(Map<String, String> env) {
        String raw = env.get("CITYPULSE_S3_BUCKET");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_BUCKET;
        }
        if (!BUCKET_NAME.matcher(raw).matches()) {
            throw new IllegalArgumentException("CITYPULSE_S3_BUCKET must be a valid S3 bucket name (lower-case, 3-63 chars), got '" + raw + "'");
        }
        return raw;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port number between 0 and 65535, got '" + port + "'");
        }
    }
}
