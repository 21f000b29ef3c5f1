package io.citypulse.generator;

import io.citypulse.contract.event.SensorType;
import io.citypulse.generator.inject.InjectionRates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one generator run needs, validated by {@link GeneratorCommand} (which names bad flags).
 *
 * @param start       simulated mode: first event time; realtime: ignored
 * @param end         simulated mode: event times stay before it; empty when {@code events} bounds the run
 * @param events      stop after this many readings; 0 = no count limit
 * @param metricsPort port of /metrics; 0 = no endpoint
 * @param history     realtime mode: start this long in the past, produced as fast as the broker takes it, then go
 *                    on in realtime; a restart resumes after the latest event time on the topics instead
 */
public record GeneratorConfig(
        String bootstrapServers,
        Mode mode,
        Optional<Instant> start,
        Optional<Instant> end,
        Duration interval,
        long events,
        long seed,
        int traffic,
        int weather,
        int energy,
        Set<SensorType> types,
        InjectionRates rates,
        Optional<Path> labelsFile,
        int metricsPort,
        boolean progress,
        Duration history) {

    /** Which clock drives event time. */
    public enum Mode {
        /** Event time = now, one reading per sensor per interval. */
        REALTIME,
        /** A simulated clock from start to end, as fast as the broker takes it. */
        SIMULATED
    }

    public GeneratorConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(history, "history");
        types = Set.copyOf(types);
    }

    /** Whether the run ends by itself (and so shows a progress bar). */
    public boolean bounded() {
        return events > 0 || end.isPresent();
    }
}
