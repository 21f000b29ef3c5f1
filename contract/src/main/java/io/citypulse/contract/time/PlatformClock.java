package io.citypulse.contract.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The time of the data: what "now" means for event times, Kafka timestamps and the API's windows. It is the system
 * clock, shifted by {@value #VARIABLE} (an ISO-8601 duration such as {@code P40D}) when that is set, so the whole
 * suite can run at another date without faking the OS clock (which slows every JVM and fences Kafka's brokers).
 * Bookkeeping times (run ids, PostgreSQL's {@code now()}, metric timestamps, logs) stay on the system clock.
 */
public final class PlatformClock {

    public static final String VARIABLE = "CITYPULSE_CLOCK_OFFSET";

    private PlatformClock() {
    }

    /**
     * Read on first use, not when the class loads: entry points call {@link #offset(Map)} first to report a bad value
     * as a configuration error, which a failing class initialiser would turn into ExceptionInInitializerError.
     */
    private static final class FromEnvironment {
        static final Duration OFFSET = offset(System.getenv());
        static final Clock CLOCK = shifted(Clock.systemUTC(), OFFSET);
    }

    public static Clock clock() {
        return FromEnvironment.CLOCK;
    }

    public static Instant now() {
        return FromEnvironment.CLOCK.instant();
    }

    public static long millis() {
        return FromEnvironment.CLOCK.millis();
    }

    /** How far this process's data time is from the system clock; zero unless {@value #VARIABLE} is set. */
    public static Duration offset() {
        return FromEnvironment.OFFSET;
    }

    /**
     * Makes a producer stamp the records it sends without a timestamp with this clock, when it is shifted: Kafka's
     * producer would take the system clock, and the lateness judged downstream (append time minus event time) would
     * then be off by the offset.
     */
    public static Properties stampingSends(Properties producerProperties) {
        if (!FromEnvironment.OFFSET.isZero()) {
            producerProperties.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, ClockStamp.class.getName());
        }
        return producerProperties;
    }

    static Clock shifted(Clock system, Duration offset) {
        return offset.isZero() ? system : Clock.offset(system, offset);
    }

    /** Parses {@value #VARIABLE} from {@code env}; an error names the variable and the expected form. */
    public static Duration offset(Map<String, String> env) {
        String raw = env.get(VARIABLE);
        if (raw == null || raw.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(VARIABLE + ": '" + raw + "' is not an ISO-8601 duration; use e.g. P40D "
                    + "(40 days ahead) or -PT6H (6 hours behind), or leave it unset for the system clock", e);
        }
    }
}
