package io.citypulse.batch.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sequence gaps of one sensor type as data quality: missing readings counted per UTC hour, for the hours that are
 * settled. A reading may reach Kafka up to the allowed lateness after its event time and is then taken by the next
 * ingest, so a missing reading is judged only once its event time is older than the latest append in the lake minus
 * the allowed lateness and one ingest period (the {@code cutoff}); younger gaps are pending, and looked at again by a
 * later run.
 *
 * @param hours   one row per settled hour that holds readings, zeros included, in time order
 * @param judged  gaps whose missing readings all lie in settled hours, and some in the reported ones
 * @param pending gaps with a missing reading in an hour not settled yet
 */
record GapReport(List<Hour> hours, List<SequenceCheck.Gap> judged, List<SequenceCheck.Gap> pending) {

    /** Missing readings of one UTC hour: {@code gaps} runs of them, on {@code sensors} sensors. */
    record Hour(Instant start, int sensors, int gaps, long missing) {
    }

    /** The cutoff: a missing reading older than this would be in the lake by now if the sensor had sent it. */
    static Instant cutoff(Instant latestAppend, Duration allowedLateness, Duration ingestPeriod) {
        return latestAppend.minus(allowedLateness).minus(ingestPeriod);
    }

    /**
     * @param gaps           every gap found in the readings of {@code hoursWithData}
     * @param hoursWithData  starts of the hours whose readings were looked at
     * @param firstHour      hours before it are not reported (already settled by an earlier run)
     */
    static GapReport of(Collection<SequenceCheck.Gap> gaps, Collection<Instant> hoursWithData, Instant firstHour,
                        Instant cutoff) {
        Map<Instant, long[]> missing = new TreeMap<>(); // hour -> {gaps, missing}
        Map<Instant, Set<String>> sensors = new TreeMap<>();
        List<SequenceCheck.Gap> judged = new ArrayList<>();
        List<SequenceCheck.Gap> pending = new ArrayList<>();
        for (SequenceCheck.Gap gap : gaps) {
            if (!complete(gap.lastMissing().truncatedTo(ChronoUnit.HOURS), cutoff)) {
                pending.add(gap);
            } else if (!gap.lastMissing().isBefore(firstHour)) {
                judged.add(gap); // else: wholly in hours an earlier run reported
            }
            long interval = gap.intervalMillis();
            Instant previousHour = null;
            for (long k = 1; k <= gap.missing(); k++) {
                Instant time = gap.firstMissing().plusMillis((k - 1) * interval);
                Instant hour = time.truncatedTo(ChronoUnit.HOURS);
                if (!settled(hour, firstHour, cutoff)) {
                    continue;
                }
                long[] counts = missing.computeIfAbsent(hour, h -> new long[2]);
                counts[1]++;
                if (!hour.equals(previousHour)) {
                    counts[0]++;
                    sensors.computeIfAbsent(hour, h -> new HashSet<>()).add(gap.sensorId());
                    previousHour = hour;
                }
            }
        }
        Set<Instant> reported = new java.util.TreeSet<>(missing.keySet());
        hoursWithData.stream().filter(h -> settled(h, firstHour, cutoff)).forEach(reported::add);
        List<Hour> hours = reported.stream().map(h -> {
            long[] counts = missing.getOrDefault(h, new long[2]);
            return new Hour(h, sensors.getOrDefault(h, Set.of()).size(), (int) counts[0], counts[1]);
        }).toList();
        return new GapReport(hours, List.copyOf(judged), List.copyOf(pending));
    }

    /** Readings missing in the reported hours. */
    long missingReadings() {
        return hours.stream().mapToLong(Hour::missing).sum();
    }

    private static boolean settled(Instant hour, Instant firstHour, Instant cutoff) {
        return !hour.isBefore(firstHour) && complete(hour, cutoff);
    }

    /** Whether every reading of the hour starting at {@code hour} is older than the cutoff. */
    private static boolean complete(Instant hour, Instant cutoff) {
        return !hour.plus(Duration.ofHours(1)).isAfter(cutoff);
    }
}
