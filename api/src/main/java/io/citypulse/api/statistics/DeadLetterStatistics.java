package io.citypulse.api.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Records rejected to the dead-letter topic in a recent window, by reason.
 *
 * @param records   how many records were read from the window (all of them when {@code complete})
 * @param perMinute records / window minutes
 * @param complete  false when the scan stopped at its bound before the end of the topic
 * @param reasons   one row per rejection reason seen, most frequent first
 */
public record DeadLetterStatistics(String topic, Instant from, Instant to, long records, double perMinute,
                                   boolean complete, List<Reason> reasons) {

    /** One rejection reason (the {@code citypulse.reason} header; {@code unknown} when absent). */
    public record Reason(String reason, long records, double perMinute) {
    }

    static DeadLetterStatistics of(String topic, Instant from, Instant to, Map<String, Long> byReason, boolean complete) {
        double minutes = Math.max(1, Duration.between(from, to).toSeconds()) / 60.0;
        List<Reason> reasons = byReason.entrySet().stream()
                .map(e -> new Reason(e.getKey(), e.getValue(), e.getValue() / minutes))
                .sorted(Comparator.comparingLong(Reason::records).reversed().thenComparing(Reason::reason))
                .toList();
        long total = reasons.stream().mapToLong(Reason::records).sum();
        return new DeadLetterStatistics(topic, from, to, total, total / minutes, complete, reasons);
    }
}
