package io.citypulse.generator;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.generator.GeneratorConfig.Mode;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.simulate.CitySimulator;
import io.citypulse.generator.simulate.RecordSink;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the simulator with one of the two clocks until the run is done or {@link #stop()} is called.
 * Knows nothing of Kafka: what it produces goes to a {@link RecordSink}.
 */
public final class GeneratorRun {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorRun.class);
    private static final long SUMMARY_EVERY_NANOS = 10_000_000_000L;

    private final GeneratorConfig config;
    private final List<SensorProfile> sensors;
    private final long intervalMillis;
    private final Optional<Instant> resumeAfter;
    private volatile boolean stopping;
    private long clockMillis;

    public GeneratorRun(GeneratorConfig config) {
        this(config, Optional.empty());
    }

    /**
     * @param resumeAfter realtime mode with a history: the latest event time already on the topics (a restarted
     *                    city goes on after it rather than sending its past again)
     */
    public GeneratorRun(GeneratorConfig config, Optional<Instant> resumeAfter) {
        this.config = config;
        this.resumeAfter = resumeAfter;
        this.intervalMillis = config.interval().toMillis();
        this.sensors = SensorCatalog.generate(config.seed(), config.traffic(), config.weather(), config.energy())
                .sensors().stream()
                .filter(sensor -> config.types().contains(sensor.type()))
                .map(SensorProfile::new)
                .toList();
    }

    public List<SensorProfile> sensors() {
        return sensors;
    }

    /**
     * The simulated time of sending (epoch ms): the event time of the slot being produced. In realtime mode it is
     * the wall clock for live slots and the past for the history, so records carry the timestamps a city's sensors
     * would have given them. Read on the producing thread.
     */
    public long clockMillis() {
        return clockMillis;
    }

    /** Asks the run to stop after the reading in progress; held readings are still released. */
    public void stop() {
        stopping = true;
    }

    /**
     * Produces readings into {@code sink}; returns how many readings were generated.
     *
     * @param sent reads how many records the sink has taken, for progress and summaries
     */
    public long run(RecordSink sink, LongSupplier sent, PrintStream progressOut) {
        if (sensors.isEmpty()) {
            LOG.warn("no sensors selected: nothing to generate");
            return 0;
        }
        long firstSlot = firstSlot(PlatformClock.millis());
        long endSlot = config.end().map(end -> ceilDiv(end.toEpochMilli(), intervalMillis)).orElse(Long.MAX_VALUE);
        long lastSlot = endSlot == Long.MAX_VALUE ? Long.MAX_VALUE : endSlot - 1;
        if (config.events() > 0) {
            lastSlot = Math.min(lastSlot, firstSlot + ceilDiv(config.events(), sensors.size()) - 1);
        }
        CitySimulator simulator = new CitySimulator(sensors, config.seed(), intervalMillis, config.rates(),
                firstSlot, lastSlot);
        long total = config.events() > 0 ? config.events()
                : endSlot == Long.MAX_VALUE ? 0 : (endSlot - firstSlot) * sensors.size();
        Progress progress = config.progress() && total > 0 ? new Progress(progressOut, total) : null;
        if (config.mode() == Mode.REALTIME && firstSlot * intervalMillis < PlatformClock.millis() - intervalMillis) {
            LOG.info("producing the past from {} as fast as the broker takes it, then in realtime{}",
                    Instant.ofEpochMilli(firstSlot * intervalMillis),
                    resumeAfter.map(t -> " (resuming after the latest reading on the topics, " + t + ")").orElse(""));
        }
        LOG.info("generating {} sensors, {} mode, interval {} ms, from {}{}", sensors.size(),
                config.mode().name().toLowerCase(java.util.Locale.ROOT), intervalMillis,
                Instant.ofEpochMilli(firstSlot * intervalMillis),
                total > 0 ? ", " + total + " readings" : ", until stopped");

        long generated = 0;
        long startedNanos = System.nanoTime();
        long lastSummary = startedNanos;
        outer:
        for (long slot = firstSlot; slot < endSlot && !stopping; slot++) {
            if (config.mode() == Mode.REALTIME && !awaitSlot(slot)) {
                break;
            }
            clockMillis = slot * intervalMillis;
            for (int i = 0; i < sensors.size(); i++) {
                if (simulator.emitSensor(slot, i, sink)) {
                    generated++;
                    if (generated == config.events()) {
                        break outer;
                    }
                }
            }
            simulator.releaseDue(slot, sink);
            if (progress != null) {
                progress.update(generated);
            } else if (System.nanoTime() - lastSummary >= SUMMARY_EVERY_NANOS) {
                lastSummary = System.nanoTime();
                double seconds = (lastSummary - startedNanos) / 1e9;
                LOG.info("generated {} readings, {} records sent ({}/s), event time {}", generated, sent.getAsLong(),
                        Math.round(sent.getAsLong() / seconds), Instant.ofEpochMilli(slot * intervalMillis));
            }
        }
        simulator.releaseAll(sink);
        if (progress != null) {
            progress.finish(generated);
        }
        return generated;
    }

    /**
     * Simulated mode: the slot of --start. Realtime: now, or the history's start, but never a slot the topics hold
     * already (a restart with a history resumes after the latest reading instead of sending the past twice).
     */
    long firstSlot(long nowMillis) {
        if (config.mode() == Mode.SIMULATED) {
            return ceilDiv(config.start().orElseThrow().toEpochMilli(), intervalMillis);
        }
        long now = nowMillis / intervalMillis;
        if (config.history().isZero()) {
            return now;
        }
        long first = now - config.history().toMillis() / intervalMillis;
        long resume = resumeAfter.map(t -> Math.floorDiv(t.toEpochMilli(), intervalMillis) + 1).orElse(Long.MIN_VALUE);
        return Math.min(now, Math.max(first, resume));
    }

    /** Sleeps until the slot's event time has come; false when interrupted. */
    private boolean awaitSlot(long slot) {
        long wait = slot * intervalMillis - PlatformClock.millis();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
