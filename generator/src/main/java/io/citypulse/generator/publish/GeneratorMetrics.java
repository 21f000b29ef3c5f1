package io.citypulse.generator.publish;

import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.SensorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The generator's meters; names follow citypulse_generator_* in Prometheus form. */
public final class GeneratorMetrics {

    private final Map<SensorType, Counter> sent = new HashMap<>();
    private final Map<InjectionKind, Counter> injections = new EnumMap<>(InjectionKind.class);
    private final Counter sendErrors;
    private final Timer sendLatency;

    public GeneratorMetrics(MeterRegistry registry) {
        for (SensorType type : SensorType.all()) {
            sent.put(type, Counter.builder("citypulse.generator.events.sent")
                    .description("records acknowledged by Kafka on the reading topics")
                    .tag("sensor_type", type.wireName()).register(registry));
        }
        for (InjectionKind kind : InjectionKind.values()) {
            injections.put(kind, Counter.builder("citypulse.generator.injections")
                    .description("injections labelled on the ground-truth topic")
                    .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        sendErrors = Counter.builder("citypulse.generator.send.errors")
                .description("records Kafka failed to acknowledge after the client's retries").register(registry);
        sendLatency = Timer.builder("citypulse.generator.send.latency")
                .description("time from send() to the broker's acknowledgement")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** Meters on a registry nobody scrapes (metrics endpoint off). */
    public static GeneratorMetrics unexposed() {
        return new GeneratorMetrics(new SimpleMeterRegistry());
    }

    void sent(SensorType type) {
        sent.get(type).increment();
    }

    void failed() {
        sendErrors.increment();
    }

    void latencyNanos(long nanos) {
        sendLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void injected(InjectionKind kind) {
        injections.get(kind).increment();
    }
}
