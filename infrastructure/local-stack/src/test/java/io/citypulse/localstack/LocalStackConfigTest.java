package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

    private static final Path STATE = Path.of("/tmp/citypulse-config-test");

    @Test
    void usesTheDocumentedFixedPortsWhenNoVariableIsSet() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(STATE, Map.of());

        assertThat(config).isEqualTo(new LocalStackConfig(STATE, false, 9092, 9000, 5433, 9090, 9091, true,
                "citypulse-lake", Optional.empty(), Duration.ofSeconds(60)));
    }

    @Test
    void eachPortVariableOverridesItsService() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(STATE, Map.of(
                "CITYPULSE_KAFKA_PORT", "19092", "CITYPULSE_S3_PORT", "19000", "CITYPULSE_POSTGRES_PORT", "15433",
                "CITYPULSE_PROMETHEUS_PORT", "19090", "CITYPULSE_PUSHGATEWAY_PORT", "19091", "CITYPULSE_S3_BUCKET", "other-lake",
                "CITYPULSE_SERVICE_READY_TIMEOUT", "600"));

        assertThat(config).isEqualTo(new LocalStackConfig(STATE, false, 19092, 19000, 15433, 19090, 19091, true,
                "other-lake", Optional.empty(), Duration.ofSeconds(600)));
    }

    @Test
    void rejectsANonNumericPortNamingTheVariable() {
        assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(STATE, Map.of("CITYPULSE_KAFKA_PORT", "kafka")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CITYPULSE_KAFKA_PORT must be a port number between 0 and 65535, got 'kafka'");
    }

    @Test
    void rejectsAnOutOfRangePortNamingTheVariable() {
        assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(STATE, Map.of("CITYPULSE_POSTGRES_PORT", "70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CITYPULSE_POSTGRES_PORT must be a port number between 0 and 65535, got '70000'");
    }

    @Test
    void rejectsANonPositiveOrNonNumericReadyTimeoutNamingTheVariable() {
        for (String bad : new String[] {"0", "-5", "1m"}) {
            assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(STATE, Map.of("CITYPULSE_SERVICE_READY_TIMEOUT", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("CITYPULSE_SERVICE_READY_TIMEOUT must be a positive number of seconds, got '" + bad + "'");
        }
    }

    @Test
    void rejectsAnInvalidBucketNamingTheVariable() {
        assertThatThrownBy(() -> LocalStackConfig.fromEnvironment(STATE, Map.of("CITYPULSE_S3_BUCKET", "Bad_Bucket")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CITYPULSE_S3_BUCKET must be a valid S3 bucket name");
    }

    @Test
    void testConfigUsesFreePortsATemporaryDirectoryAndNoPrometheus() {
        LocalStackConfig config = LocalStackConfig.forTests();

        assertThat(config.ephemeral()).isTrue();
        assertThat(config.enablePrometheus()).isFalse();
        assertThat(new int[] {config.kafkaPort(), config.s3Port(), config.postgresPort()}).containsOnly(0);
        assertThat(config.stateDir()).isDirectory();
        config.stateDir().toFile().delete();
    }

    @Test
    void findsThePortInEveryKindOfEndpoint() {
        assertThat(StatusCommand.portOf("127.0.0.1:9092")).hasValue(9092);
        assertThat(StatusCommand.portOf("http://127.0.0.1:9000")).hasValue(9000);
        assertThat(StatusCommand.portOf("jdbc:postgresql://127.0.0.1:5433/citypulse")).hasValue(5433);
        assertThat(StatusCommand.portOf("")).isEmpty();
    }
}
