package io.citypulse.batch.lake;

import io.citypulse.contract.schema.TypeDeclarations;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lake layout, in one place. Object keys are relative to the bucket; Spark and Hadoop see them as
 * {@code s3a://<bucket>/<key>}.
 *
 * <pre>
 * lake/events/sensor_type=T/event_date=YYYY-MM-DD/event_hour=H/RUN-N.zstd.parquet      valid readings
 * lake/quarantine/sensor_type=T/event_date=YYYY-MM-DD/event_hour=H/RUN-N.zstd.parquet  rejected records
 * lake/_staging/RUN/...                                                               a run's files before publishing
 * lake/_staging/RUN/pending/KEY                                                      marker: the run creates KEY
 * </pre>
 */
public final class LakePaths implements Serializable {

    public static final String EVENTS = "events";
    public static final String QUARANTINE = "quarantine";
    private static final String ROOT = "lake";
    private static final long HOURS_PER_DAY = 24;
    private static final Pattern PARTITION = Pattern.compile(
            "(events|quarantine)/sensor_type=(" + TypeDeclarations.NAME_REGEX + ")/event_date=(\\d{4}-\\d{2}-\\d{2})/event_hour=(\\d{1,2})/[^/]+\\.parquet$");

    private final String bucket;

    public LakePaths(String bucket) {
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    /** {@code s3a://bucket/key}. */
    public String uri(String key) {
        return "s3a://" + bucket + "/" + key;
    }

    /** Key of a dataset's directory for one sensor type (the base path for partition discovery). */
    public String datasetKey(String dataset, String sensorType) {
        return ROOT + "/" + dataset + "/sensor_type=" + sensorType;
    }

    public String stagingRoot() {
        return ROOT + "/_staging";
    }

    /** Where a run writes before publishing; only that run ever writes below it. */
    public String stagingKey(String runId) {
        return stagingRoot() + "/" + runId;
    }

    public String stagingDatasetKey(String runId, String dataset, String sensorType) {
        return stagingKey(runId) + "/" + datasetKey(dataset, sensorType).substring(ROOT.length() + 1);
    }

    /** The publish plan of a run: the final keys it is about to create, for the cleanup of a killed run. */
    public String planKey(String runId) {
        return stagingKey(runId) + "/_publish.txt";
    }

    /**
     * Marker of an object a run is about to create at {@code key}, written before the object: the cleanup of a
     * killed run deletes every key marked, so a run that writes straight to final keys leaves no orphan.
     */
    public String pendingKey(String runId, String key) {
        return pendingPrefix(runId) + key;
    }

    public String pendingPrefix(String runId) {
        return stagingKey(runId) + "/pending/";
    }

    /** Final key of the {@code n}-th file a run publishes into a partition. */
    public String finalKey(Partition partition, String runId, int n) {
        return partitionDirectory(datasetKey(partition.dataset(), partition.sensorType()), partition.date(), partition.hour())
                + "/" + runId + "-" + n + ".zstd.parquet";
    }

    /** The directory of one date and hour below a dataset key: {@code <datasetKey>/event_date=D/event_hour=H}. */
    public static String partitionDirectory(String datasetKey, LocalDate date, int hour) {
        return datasetKey + "/event_date=" + date + "/event_hour=" + hour;
    }

    /** Hours since the epoch (UTC) of a partition's date and hour: how the ingest numbers the hours it touches. */
    public static long epochHour(LocalDate date, int hour) {
        return date.toEpochDay() * HOURS_PER_DAY + hour;
    }

    public static LocalDate dateOfEpochHour(long epochHour) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochHour, HOURS_PER_DAY));
    }

    public static int hourOfEpochHour(long epochHour) {
        return (int) Math.floorMod(epochHour, HOURS_PER_DAY);
    }

    /** The lake partition a (staged or final) file key lies in, if it follows the layout. */
    public static Optional<Partition> partitionOf(String key) {
        Matcher m = PARTITION.matcher(key);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Partition(m.group(1), m.group(2), LocalDate.parse(m.group(3)), Integer.parseInt(m.group(4))));
    }

    /** One directory of the lake: dataset, sensor type, date and hour. */
    public record Partition(String dataset, String sensorType, LocalDate date, int hour) {
    }
}
