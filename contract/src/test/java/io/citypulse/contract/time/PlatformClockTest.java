package io.citypulse.contract.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformClockTest {

    private static final Instant SYSTEM_NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void isTheSystemClockWhenTheVariableIsUnsetOrBlank() {
        assertThat(PlatformClock.offset(Map.of())).isZero();
        assertThat(PlatformClock.offset(Map.of(PlatformClock.VARIABLE, " "))).isZero();
    }

    @Test
    void shiftsTheSystemClockByTheVariable() {
        Clock system = Clock.fixed(SYSTEM_NOW, ZoneOffset.UTC);
        Duration ahead = PlatformClock.offset(Map.of(PlatformClock.VARIABLE, "P40D"));
        Duration behind = PlatformClock.offset(Map.of(PlatformClock.VARIABLE, "-PT6H"));

        assertThat(PlatformClock.shifted(system, ahead).instant()).isEqualTo("2027-01-12T10:00:00Z");
        assertThat(PlatformClock.shifted(system, behind).instant()).isEqualTo("2026-12-03T04:00:00Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"40d", "P40", "tomorrow", "2027-01-12"})
    void rejectsWhatIsNotAnIsoDurationNamingTheVariable(String raw) {
        assertThatThrownBy(() -> PlatformClock.offset(Map.of(PlatformClock.VARIABLE, raw)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CITYPULSE_CLOCK_OFFSET: '" + raw + "' is not an ISO-8601 duration");
    }

    /** Run in a JVM of its own with a bad variable: what an entry point does first. */
    public static final class EntryPoint {
        public static void main(String[] args) {
            try {
                PlatformClock.offset(System.getenv());
                System.out.print("accepted");
            } catch (IllegalArgumentException e) {
                System.out.print("rejected: " + e.getMessage());
            }
        }
    }

    @Test
    void anEntryPointCanReportABadVariableAsAConfigurationError() throws Exception {
        ProcessBuilder jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EntryPoint.class.getName()).redirectErrorStream(true);
        jvm.environment().put(PlatformClock.VARIABLE, "40d");
        Process process = jvm.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).startsWith("rejected: CITYPULSE_CLOCK_OFFSET: '40d' is not an ISO-8601 duration");
    }

    /** In the suite's shifted run (CITYPULSE_CLOCK_OFFSET=P40D) this proves the process took the offset. */
    @Test
    void thisProcessRunsAtTheOffsetItsEnvironmentGives() {
        Duration expected = PlatformClock.offset(System.getenv());
        Duration measured = Duration.between(Instant.now(), PlatformClock.now());

        assertThat(PlatformClock.offset()).isEqualTo(expected);
        assertThat(measured.minus(expected).abs()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stampsUnstampedRecordsWithItsTimeAndKeepsGivenTimestamps() {
        ClockStamp stamp = new ClockStamp();
        long before = PlatformClock.millis();
        ProducerRecord<Object, Object> stamped = stamp.onSend(new ProducerRecord<>("t", 2, null, "k", "v"));
        ProducerRecord<Object, Object> given = new ProducerRecord<>("t", 2, 42L, "k", "v");

        assertThat(stamped.timestamp()).isBetween(before, PlatformClock.millis());
        assertThat(stamped).extracting(ProducerRecord::topic, ProducerRecord::partition, ProducerRecord::key,
                ProducerRecord::value).containsExactly("t", 2, "k", "v");
        assertThat(stamp.onSend(given)).isSameAs(given);
    }

    @Test
    void addsTheStampToProducersOnlyWhenShifted() {
        Properties props = PlatformClock.stampingSends(new Properties());

        assertThat(props.containsKey(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG))
                .isEqualTo(!PlatformClock.offset().isZero());
    }
}
