package io.citypulse.generator.simulate;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.wire.ReadingEncoder;
import io.citypulse.contract.wire.RejectionReason;
import io.citypulse.generator.inject.AnomalyEpisode;
import io.citypulse.generator.inject.AnomalySignatures;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.inject.MalformedRecords;
import io.citypulse.generator.signal.EnergySignal;
import io.citypulse.generator.signal.Noise;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.signal.TrafficSignal;
import io.citypulse.generator.signal.WeatherSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The pure core of the generator: turns (sensors, time slot) into the records to send (valid
 * encodings, injected extras) and the labels of what it injected. No Kafka, no clock, no threads:
 * the same seed and slots always give byte-identical output. Not thread-safe (one per run).
 *
 * <p>A reading's seq is its time-slot number (event time / interval) and its event id is
 * {@code sensorId-seq}. Duplicates re-send existing bytes and malformed records are extra bytes, so
 * neither consumes a seq; only a silent sensor leaves a gap.
 */
public final class CitySimulator {

    /** The speed layer's allowed lateness (docs/anomalies.md, speed-layer config). */
    public static final long ALLOWED_LATENESS_MS = 120_000L;
    /** The speed layer's detection window (docs/anomalies.md). */
    public static final long DETECTION_WINDOW_MS = 60_000L;
    /** An anomaly starts only after this much normal history on its sensor (baselines). */
    public static final long NORMAL_HISTORY_MS = 35 * 60_000L;

    /** The types it has a signal for (a signal is behaviour, so code); others come from real producers. */
    public static final Set<SensorType> SIMULATED = Set.of(SensorType.TRAFFIC, SensorType.WEATHER, SensorType.ENERGY);

    private static final int CH_ANOMALY = 20;
    private static final int CH_FAULT = 30;

    private final List<SensorProfile> sensors;
    private final long intervalMillis;
    private final InjectionRates rates;
    private final long lastSlot;
    private final Noise noise;
    private final TrafficSignal traffic;
    private final WeatherSignal weather;
    private final EnergySignal energy;
    private final AnomalySignatures signatures;
    private final SensorState[] states;
    private final double[] measures = new double[8];
    private final PriorityQueue<Held> held = new PriorityQueue<>();
    private final ReadingEncoder encoder = new ReadingEncoder();
    private final ReadingEncoder.Sensor[] encoded;
    private long heldOrder;

    /** Per-sensor injection state. */
    private static final class SensorState {
        long normalSince;
        long heldUntil = Long.MIN_VALUE;
        AnomalyEpisode episode;
        double[] stuck;
    }

    /** A reading held back for late or out-of-order delivery. */
    private record Held(long releaseSlot, long order, SensorType type, String sensorId, byte[] bytes)
            implements Comparable<Held> {
        @Override
        public int compareTo(Held other) {
            int bySlot = Long.compare(releaseSlot, other.releaseSlot);
            return bySlot != 0 ? bySlot : Long.compare(order, other.order);
        }
    }

    /**
     * @param firstSlot the first slot of the run: normal history counts from here
     * @param lastSlot  the last slot the run will reach (Long.MAX_VALUE when unbounded); injections
     *                  that would not finish by then, with the speed layer's lateness and one window to
     *                  spare (its watermark must pass them), are not started, so every label is true
     */
    public CitySimulator(List<SensorProfile> sensors, long seed, long intervalMillis, InjectionRates rates,
                         long firstSlot, long lastSlot) {
        this.sensors = List.copyOf(sensors);
        this.intervalMillis = intervalMillis;
        this.rates = rates;
        this.lastSlot = lastSlot;
        this.noise = new Noise(seed);
        this.traffic = new TrafficSignal(noise, intervalMillis);
        this.weather = new WeatherSignal(noise);
        this.energy = new EnergySignal(noise);
        this.signatures = new AnomalySignatures(noise, intervalMillis);
        this.encoded = this.sensors.stream().map(Readings::prepare).toArray(ReadingEncoder.Sensor[]::new);
        this.states = new SensorState[sensors.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new SensorState();
            states[i].normalSince = firstSlot;
        }
    }

    public int sensorCount() {
        return sensors.size();
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /** Emits every sensor's records of {@code slot}, then what is due for release; returns the readings generated. */
    public int emitSlot(long slot, RecordSink sink) {
        int generated = 0;
        for (int i = 0; i < sensors.size(); i++) {
            if (emitSensor(slot, i, sink)) {
                generated++;
            }
        }
        releaseDue(slot, sink);
        return generated;
    }

    /**
     * Emits sensor {@code index}'s records of {@code slot}; returns whether it generated a reading
     * (false while the sensor is silent). A held reading counts as generated now, sent later.
     */
    public boolean emitSensor(long slot, int index, RecordSink sink) {
        SensorProfile sensor = sensors.get(index);
        SensorState state = states[index];
        long eventMillis = slot * intervalMillis;
        AnomalyEpisode episode = currentEpisode(sensor, state, slot, sink);
        if (episode != null && episode.type() == AnomalyType.SILENT_SENSOR) {
            return false;
        }
        double[] m = measures;
        if (episode != null && episode.type() == AnomalyType.STUCK_SENSOR && state.stuck != null) {
            System.arraycopy(state.stuck, 0, m, 0, m.length);
        } else {
            sample(sensor, eventMillis, slot, m);
            if (episode != null && episode.type() != AnomalyType.STUCK_SENSOR) {
                signatures.apply(episode, sensor, slot, m);
            }
            boolean sticks = episode != null && episode.type() == AnomalyType.STUCK_SENSOR;
            if (sensor.type() == SensorType.TRAFFIC && !sticks) {
                traffic.drawCount(sensor, slot, m); // after the signature: a spike scales the rate, not the draw
            }
            if (sticks) {
                // A stuck loop repeats a typical count (the rate rounded), not one lucky draw: a frozen 1 on a
                // road that sees a car a minute would otherwise read as a volume spike as well.
                state.stuck = m.clone();
            }
        }
        Readings.round(sensor.type(), m);
        byte[] bytes = encoder.encode(encoded[index], slot, eventMillis, m);
        if (!rates.any()) {
            sink.reading(sensor.type(), sensor.id(), bytes);
            return true;
        }
        injectFault(sensor, state, slot, m, bytes, sink);
        return true;
    }

    private void sample(SensorProfile sensor, long eventMillis, long slot, double[] m) {
        SensorType type = sensor.type();
        if (type == SensorType.TRAFFIC) {
            traffic.sample(sensor, eventMillis, slot, m);
        } else if (type == SensorType.WEATHER) {
            weather.sample(sensor, eventMillis, slot, m);
        } else if (type == SensorType.ENERGY) {
            energy.sample(sensor, eventMillis, slot, m);
        } else {
            throw new IllegalArgumentException("no signal simulates " + type + " sensors (" + sensor.id() + ")");
        }
    }

    /** Ends a finished episode, maybe starts a new one (labelled now), and returns the one covering {@code slot}. */
    private AnomalyEpisode currentEpisode(SensorProfile sensor, SensorState state, long slot, RecordSink sink) {
        if (state.episode != null && slot > state.episode.lastSlot()) {
            state.episode = null;
            state.stuck = null;
            state.normalSince = slot;
        }
        if (state.episode == null && rates.anomaly() > 0
                && (slot - state.normalSince) * intervalMillis >= NORMAL_HISTORY_MS
                && slot > state.heldUntil
                && noise.uniform(sensor.stream(), slot, CH_ANOMALY) < rates.anomaly()) {
            state.episode = planEpisode(sensor, slot, sink);
        }
        return state.episode;
    }

    private AnomalyEpisode planEpisode(SensorProfile sensor, long slot, RecordSink sink) {
        List<AnomalyType> candidates = new ArrayList<>(4);
        for (AnomalyType type : AnomalyType.values()) {
            if (type.appliesTo(sensor.type()) && rates.anomalyTypes().contains(type)) {
                candidates.add(type);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        long s = sensor.stream();
        AnomalyType type = candidates.get((int) (noise.uniform(s, slot, CH_ANOMALY + 1) * candidates.size()));
        long[] seconds = AnomalyEpisode.durationSeconds(type);
        double durationMs = noise.between(s, slot, CH_ANOMALY + 2, seconds[0], seconds[1]) * 1000;
        long slots = Math.max(1, (long) Math.ceil(durationMs / intervalMillis));
        long last = slot + slots - 1;
        long detectable = ceilDiv(ALLOWED_LATENESS_MS + DETECTION_WINDOW_MS, intervalMillis);
        if (last > lastSlot - detectable) {
            return null;
        }
        AnomalyEpisode episode = new AnomalyEpisode(type, slot, last, noise.uniform(s, slot, CH_ANOMALY + 3),
                noise.uniform(s, slot, CH_ANOMALY + 4) < 0.5);
        sink.label(new InjectionLabel(labelId(sensor, slot, InjectionKind.ANOMALY), InjectionKind.ANOMALY, type,
                sensor.id(), sensor.type(), instant(slot), instant(last), null,
                type + " for " + slots + " readings"));
        return episode;
    }

    private void injectFault(SensorProfile sensor, SensorState state, long slot, double[] rounded, byte[] bytes,
                             RecordSink sink) {
        long s = sensor.stream();
        String eventId = Readings.eventId(sensor.id(), slot);
        double u = noise.uniform(s, slot, CH_FAULT);
        double late = rates.late();
        double ooo = late + rates.outOfOrder();
        double dup = ooo + rates.duplicate();
        double bad = dup + rates.malformed();
        if (u < ooo) {
            long delay = u < late ? lateDelaySlots(s, slot) : outOfOrderDelaySlots(s, slot);
            if (delay > 0 && slot + delay <= lastSlot) {
                InjectionKind kind = u < late ? InjectionKind.LATE : InjectionKind.OUT_OF_ORDER;
                held.add(new Held(slot + delay, heldOrder++, sensor.type(), sensor.id(), bytes));
                state.heldUntil = Math.max(state.heldUntil, slot + delay);
                sink.label(singleRecordLabel(sensor, slot, kind, eventId,
                        "delivered " + delay * intervalMillis / 1000.0 + " s after its event time"));
                return;
            }
        }
        sink.reading(sensor.type(), sensor.id(), bytes);
        if (u >= ooo && u < dup) {
            sink.reading(sensor.type(), sensor.id(), bytes);
            sink.label(singleRecordLabel(sensor, slot, InjectionKind.DUPLICATE, eventId, "re-sent once"));
        } else if (u >= dup && u < bad) {
            RejectionReason[] reasons = RejectionReason.values();
            RejectionReason reason = reasons[(int) (noise.uniform(s, slot, CH_FAULT + 3) * reasons.length)];
            SensorReading reading = Readings.build(sensor, slot, slot * intervalMillis, rounded);
            MalformedRecords.Malformed malformed = MalformedRecords.build(reading, reason,
                    (int) (noise.uniform(s, slot, CH_FAULT + 4) * 8));
            sink.reading(sensor.type(), sensor.id(), malformed.bytes());
            sink.label(singleRecordLabel(sensor, slot, InjectionKind.MALFORMED, malformed.eventId(),
                    malformed.rejection().describe()));
        }
    }

    /** Delivered 150 to 300 s after its event time: beyond the 120 s lateness whatever the interval. */
    private long lateDelaySlots(long stream, long slot) {
        long min = ceilDiv(ALLOWED_LATENESS_MS + 30_000, intervalMillis);
        return min + (long) (noise.uniform(stream, slot, CH_FAULT + 1) * (min + 1));
    }

    /** Delivered 1 to 60 s (at least one interval) after its event time: after a newer reading, within the lateness. */
    private long outOfOrderDelaySlots(long stream, long slot) {
        long max = Math.min(30, 60_000 / intervalMillis);
        return max < 1 ? 0 : 1 + (long) (noise.uniform(stream, slot, CH_FAULT + 2) * max);
    }

    /** Sends held readings whose release slot has come. */
    public void releaseDue(long slot, RecordSink sink) {
        while (!held.isEmpty() && held.peek().releaseSlot() <= slot) {
            Held next = held.poll();
            sink.reading(next.type(), next.sensorId(), next.bytes());
        }
    }

    /** Sends every held reading now (end of a run). */
    public void releaseAll(RecordSink sink) {
        releaseDue(Long.MAX_VALUE, sink);
    }

    public int heldCount() {
        return held.size();
    }

    private InjectionLabel singleRecordLabel(SensorProfile sensor, long slot, InjectionKind kind, String eventId,
                                             String detail) {
        return new InjectionLabel(labelId(sensor, slot, kind), kind, null, sensor.id(), sensor.type(),
                instant(slot), instant(slot), eventId, detail);
    }

    private static String labelId(SensorProfile sensor, long slot, InjectionKind kind) {
        return sensor.id() + "-" + slot + "-" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Instant instant(long slot) {
        return Instant.ofEpochMilli(slot * intervalMillis);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
