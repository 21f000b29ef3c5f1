package io.citypulse.generator.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.RejectionReason;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.signal.SensorProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CitySimulatorTest {

    private static final Instant FROM = Instant.parse("2026-03-04T07:00:00Z");
    private static final List<SensorProfile> CITY = Simulations.city(7, 6, 2, 6);
    private static final InjectionRates FAULTY = new InjectionRates(0.002, 0.02, 0.02, 0.02, 0.05,
            EnumSet.allOf(AnomalyType.class));

    private static CollectingSink faultyHour(long seed) {
        return Simulations.run(CITY, seed, 1000, FAULTY, FROM, FROM.plusSeconds(3600));
    }

    @Test
    void sameSeedReproducesByteIdenticalRecordsAndLabels() {
        CollectingSink first = faultyHour(42);
        CollectingSink second = faultyHour(42);
        assertThat(second.records).hasSameSizeAs(first.records);
        for (int i = 0; i < first.records.size(); i++) {
            assertThat(second.records.get(i).value()).isEqualTo(first.records.get(i).value());
            assertThat(second.records.get(i).key()).isEqualTo(first.records.get(i).key());
        }
        assertThat(second.labels).isEqualTo(first.labels);
        CollectingSink other = faultyHour(43);
        assertThat(other.records.get(0).value()).isNotEqualTo(first.records.get(0).value());
    }

    @Test
    void seqIsTheTimeSlotAndEventIdIsSensorDashSeq() {
        CollectingSink sink = Simulations.run(CITY, 1, 1000, InjectionRates.none(), FROM, FROM.plusSeconds(60));
        assertThat(sink.records).hasSize(60 * CITY.size());
        assertThat(sink.labels).isEmpty();
        for (CollectingSink.Sent sent : sink.records) {
            SensorReading reading = sent.reading();
            assertThat(reading.seq()).isEqualTo(reading.eventTime().toEpochMilli() / 1000);
            assertThat(reading.eventId()).isEqualTo(reading.sensorId() + "-" + reading.seq());
            assertThat(sent.key()).isEqualTo(reading.sensorId());
            assertThat(reading.header().schemaVersion()).isEqualTo(2);
        }
    }

    @Test
    void duplicatesResendTheSameBytesOnce() {
        CollectingSink sink = faultyHour(5);
        List<InjectionLabel> duplicates = labels(sink, InjectionKind.DUPLICATE);
        assertThat(duplicates).isNotEmpty();
        Map<String, List<byte[]>> byEventId = validByEventId(sink);
        for (InjectionLabel label : duplicates) {
            List<byte[]> copies = byEventId.get(label.eventId());
            assertThat(copies).hasSize(2);
            assertThat(copies.get(1)).isEqualTo(copies.get(0));
        }
        long duplicated = byEventId.values().stream().filter(list -> list.size() > 1).count();
        assertThat(duplicated).isEqualTo(duplicates.size());
    }

    @Test
    void malformedRecordsDecodeToExactlyTheLabelledReason() {
        CollectingSink sink = faultyHour(6);
        List<InjectionLabel> malformedLabels = labels(sink, InjectionKind.MALFORMED);
        List<DecodeResult.Rejected> rejected = sink.records.stream().map(CollectingSink.Sent::decode)
                .filter(DecodeResult.Rejected.class::isInstance).map(DecodeResult.Rejected.class::cast).toList();
        assertThat(rejected).hasSameSizeAs(malformedLabels);
        List<String> labelledReasons = malformedLabels.stream().map(l -> l.detail().split("[(:]")[0]).sorted().toList();
        List<String> decodedReasons = rejected.stream().map(r -> r.rejection().reason().label()).sorted().toList();
        assertThat(decodedReasons).isEqualTo(labelledReasons);
        assertThat(rejected.stream().map(r -> r.rejection().reason()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(RejectionReason.values());
        // Label i describes exactly the rejection of malformed record i (both in emission order).
        for (int i = 0; i < rejected.size(); i++) {
            assertThat(malformedLabels.get(i).detail()).isEqualTo(rejected.get(i).rejection().describe());
        }
    }

    @Test
    void lateReadingsArriveBeyondTheLatenessAndOutOfOrderOnesWithinIt() {
        CollectingSink sink = faultyHour(8);
        List<InjectionLabel> late = labels(sink, InjectionKind.LATE);
        List<InjectionLabel> outOfOrder = labels(sink, InjectionKind.OUT_OF_ORDER);
        assertThat(late).isNotEmpty();
        assertThat(outOfOrder).isNotEmpty();
        Map<String, Long> maxSeenBefore = new HashMap<>();
        Map<String, Long> lagAtDelivery = new HashMap<>();
        long maxEventTime = Long.MIN_VALUE;
        Map<String, Long> newestOfSensor = new HashMap<>();
        for (CollectingSink.Sent sent : sink.records) {
            if (!sent.valid()) {
                continue;
            }
            SensorReading reading = sent.reading();
            long time = reading.eventTime().toEpochMilli();
            lagAtDelivery.putIfAbsent(reading.eventId(), maxEventTime - time);
            maxSeenBefore.putIfAbsent(reading.eventId(), newestOfSensor.getOrDefault(reading.sensorId(), Long.MIN_VALUE));
            maxEventTime = Math.max(maxEventTime, time);
            newestOfSensor.merge(reading.sensorId(), time, Math::max);
        }
        for (InjectionLabel label : late) {
            assertThat(lagAtDelivery.get(label.eventId())).isGreaterThan(CitySimulator.ALLOWED_LATENESS_MS);
        }
        for (InjectionLabel label : outOfOrder) {
            assertThat(maxSeenBefore.get(label.eventId())).isGreaterThan(label.from().toEpochMilli());
            assertThat(lagAtDelivery.get(label.eventId())).isLessThan(CitySimulator.ALLOWED_LATENESS_MS);
        }
        // Every other reading arrives in order per sensor.
        Set<String> displaced = new HashSet<>();
        late.forEach(l -> displaced.add(l.eventId()));
        outOfOrder.forEach(l -> displaced.add(l.eventId()));
        Map<String, Long> lastSeq = new HashMap<>();
        for (CollectingSink.Sent sent : sink.records) {
            if (sent.valid() && !displaced.contains(sent.reading().eventId())) {
                long previous = lastSeq.getOrDefault(sent.key(), Long.MIN_VALUE);
                assertThat(sent.reading().seq()).isGreaterThanOrEqualTo(previous);
                lastSeq.put(sent.key(), sent.reading().seq());
            }
        }
    }

    @Test
    void sequenceIsContiguousExceptWhereASilentSensorIsLabelled() {
        CollectingSink sink = Simulations.run(CITY, 9, 10_000, FAULTY, FROM, FROM.plusSeconds(6 * 3600));
        Map<String, List<Long>> seqs = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (CollectingSink.Sent sent : sink.records) {
            if (sent.valid() && seen.add(sent.reading().eventId())) {
                seqs.computeIfAbsent(sent.key(), k -> new ArrayList<>()).add(sent.reading().seq());
            }
        }
        Set<Long> silentSlots = new HashSet<>();
        Map<String, Set<Long>> silentBySensor = new HashMap<>();
        for (InjectionLabel label : labels(sink, InjectionKind.ANOMALY)) {
            if (label.anomalyType() == AnomalyType.SILENT_SENSOR) {
                for (long s = label.from().toEpochMilli() / 10_000; s <= label.to().toEpochMilli() / 10_000; s++) {
                    silentBySensor.computeIfAbsent(label.sensorId(), k -> new HashSet<>()).add(s);
                    silentSlots.add(s);
                }
            }
        }
        assertThat(silentSlots).as("some sensor went silent").isNotEmpty();
        long first = FROM.toEpochMilli() / 10_000;
        for (SensorProfile sensor : CITY) {
            List<Long> got = seqs.get(sensor.id()).stream().sorted().toList();
            Set<Long> silent = silentBySensor.getOrDefault(sensor.id(), Set.of());
            List<Long> expected = new ArrayList<>();
            for (long s = first; s < first + 6 * 360; s++) {
                if (!silent.contains(s)) {
                    expected.add(s);
                }
            }
            assertThat(got).as(sensor.id()).isEqualTo(expected);
        }
    }

    private static List<InjectionLabel> labels(CollectingSink sink, InjectionKind kind) {
        return sink.labels.stream().filter(label -> label.kind() == kind).toList();
    }

    private static Map<String, List<byte[]>> validByEventId(CollectingSink sink) {
        Map<String, List<byte[]>> byId = new HashMap<>();
        for (CollectingSink.Sent sent : sink.records) {
            if (sent.valid()) {
                byId.computeIfAbsent(sent.reading().eventId(), k -> new ArrayList<>()).add(sent.value());
            }
        }
        return byId;
    }
}
