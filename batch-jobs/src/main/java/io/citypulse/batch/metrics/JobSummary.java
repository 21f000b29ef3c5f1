package io.citypulse.batch.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one job run did: the figures every job reports (rows, bytes, files) plus job-specific ones.
 * Printed as the job's one summary line and pushed to the Pushgateway.
 */
public final class JobSummary {

    private final String job;
    private final long startedNanos = System.nanoTime();
    private final Map<String, Number> figures = new LinkedHashMap<>();
    private final Map<String, Map<String, Number>> perType = new LinkedHashMap<>();
    private String status = "ok";
    private String note = "";

    public JobSummary(String job) {
        this.job = job;
        figures.put("rows", 0L);
        figures.put("bytes", 0L);
        figures.put("files", 0L);
    }

    public String job() {
        return job;
    }

    public JobSummary put(String name, Number value) {
        figures.put(name, value);
        return this;
    }

    /** A figure of one sensor type, e.g. the readings missing per type: pushed with a {@code sensor_type} label. */
    public JobSummary put(String name, String sensorType, Number value) {
        perType.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(sensorType, value);
        return this;
    }

    /** Figure name to sensor type to value. */
    public Map<String, Map<String, Number>> perType() {
        return perType;
    }

    public long get(String name, String sensorType) {
        Number value = perType.getOrDefault(name, Map.of()).get(sensorType);
        return value == null ? 0 : value.longValue();
    }

    public long get(String name) {
        Number value = figures.get(name);
        return value == null ? 0 : value.longValue();
    }

    public Map<String, Number> figures() {
        return figures;
    }

    public double durationSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    public void fail(String reason) {
        status = "failed";
        note = reason;
    }

    public void note(String text) {
        note = text;
    }

    public boolean ok() {
        return status.equals("ok");
    }

    /**
     * The one summary line, e.g. {@code SUMMARY job=ingest status=ok rows=120 bytes=5123 files=3 duration_s=4.2};
     * a per-type figure reads {@code missing_readings[traffic]=3}.
     */
    public String line() {
        String values = java.util.stream.Stream.concat(
                figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()),
                perType.entrySet().stream().flatMap(f -> f.getValue().entrySet().stream()
                        .map(e -> f.getKey() + "[" + e.getKey() + "]=" + e.getValue())))
                .collect(Collectors.joining(" "));
        return String.format("SUMMARY job=%s status=%s %s duration_s=%.1f%s", job, status, values, durationSeconds(),
                note.isEmpty() ? "" : " note=\"" + note.replace('"', '\'') + "\"");
    }
}
