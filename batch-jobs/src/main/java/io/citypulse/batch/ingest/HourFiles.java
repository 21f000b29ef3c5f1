package io.citypulse.batch.ingest;

import io.citypulse.batch.lake.LakeParquet;
import io.citypulse.batch.lake.LakeParquet.EventRow;
import io.citypulse.batch.lake.LakeParquet.QuarantineRow;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.contract.event.SensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * The Parquet files one Kafka partition range writes, one or more per lake hour and dataset.
 *
 * <p>Events are buffered per hour and sensor and written sensor by sensor, so a file holds long runs of one
 * sensor in time order: that is what lets dictionary, RLE and delta encodings shrink it about 40-fold. Memory
 * stays bounded: once {@code maxBuffered} events are held they are written out, and the file of each hour older
 * than the one before the newest is closed as soon as it is written (each open file holds an upload buffer); a
 * reading that arrives later still for a closed hour opens a further file.
 * Names depend only on the range's records, so a retried task overwrites exactly what a failed attempt wrote.
 * Every key is announced to {@code beforeCreate} before its file is created.
 */
final class HourFiles implements RecordRouter.Sink {

    private final SensorType type;
    private final String eventsKey;
    private final String quarantineKey;
    private final String filePrefix;
    private final Function<String, String> uriOf;
    private final Consumer<String> beforeCreate;
    private final Configuration conf;
    private final int maxBuffered;
    private final TreeMap<Long, Map<String, List<EventRow>>> buffered = new TreeMap<>();
    private final Map<Long, Open<EventRow>> eventWriters = new HashMap<>();
    private final Map<Long, Open<QuarantineRow>> quarantineWriters = new HashMap<>();
    private final Map<String, Integer> filesPerDirectory = new HashMap<>();
    private final Map<String, LakeParquet.Written> written = new LinkedHashMap<>();
    private int bufferedCount;
    private long newestHour = Long.MIN_VALUE;

    /**
     * @param eventsKey     key of the sensor type's event dataset (partition directories go below it)
     * @param quarantineKey same for quarantine
     * @param filePrefix    file name prefix unique to the run and range, e.g. {@code <run>-p2}
     * @param uriOf         key to the URI Hadoop opens
     * @param beforeCreate  told each key before its file is created
     */
    HourFiles(SensorType type, String eventsKey, String quarantineKey, String filePrefix, Function<String, String> uriOf,
              Consumer<String> beforeCreate, Configuration conf, int maxBuffered) {
        this.type = type;
        this.eventsKey = eventsKey;
        this.quarantineKey = quarantineKey;
        this.filePrefix = filePrefix;
        this.uriOf = uriOf;
        this.beforeCreate = beforeCreate;
        this.conf = conf;
        this.maxBuffered = maxBuffered;
    }

    @Override
    public void event(long hour, EventRow row) {
        buffered.computeIfAbsent(hour, h -> new HashMap<>())
                .computeIfAbsent(row.reading().sensorId(), s -> new ArrayList<>())
                .add(row);
        newestHour = Math.max(newestHour, hour);
        if (++bufferedCount >= maxBuffered) {
            flush();
        }
    }

    /** A file being written and its key. */
    private record Open<T>(String key, LakeParquet.Writer<T> writer) {
    }

    @Override
    public void rejected(long hour, QuarantineRow row) {
        quarantineWriters.computeIfAbsent(hour, h -> {
            String key = newFile(quarantineKey, h);
            return new Open<>(key, LakeParquet.openQuarantine(uriOf.apply(key), conf));
        }).writer().write(row);
    }

    /** Writes every buffered event, sensor by sensor, and closes the files of hours before the newest two. */
    private void flush() {
        for (Map.Entry<Long, Map<String, List<EventRow>>> hour : buffered.entrySet()) {
            LakeParquet.Writer<EventRow> writer = eventWriters.computeIfAbsent(hour.getKey(), h -> {
                String key = newFile(eventsKey, h);
                return new Open<>(key, LakeParquet.openEvents(uriOf.apply(key), type, conf));
            }).writer();
            for (List<EventRow> sensor : new TreeMap<>(hour.getValue()).values()) {
                sensor.forEach(writer::write);
            }
            // Hour by hour, so that a flush of many old hours (a recent past, a backlog) holds few files open.
            closeOlderThan(eventWriters, newestHour - 1);
        }
        buffered.clear();
        bufferedCount = 0;
        closeOlderThan(eventWriters, newestHour - 1);
        closeOlderThan(quarantineWriters, newestHour - 1);
    }

    private void closeOlderThan(Map<Long, ? extends Open<?>> writers, long hour) {
        for (Iterator<? extends Map.Entry<Long, ? extends Open<?>>> it = writers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ? extends Open<?>> entry = it.next();
            if (entry.getKey() < hour) {
                written.put(entry.getValue().key(), entry.getValue().writer().close());
                it.remove();
            }
        }
    }

    /** Key of the next file of an hour: {@code <dataset>/event_date=D/event_hour=H/<prefix>-<n>.zstd.parquet}. */
    private String newFile(String datasetKey, long hour) {
        String directory = LakePaths.partitionDirectory(datasetKey, LakePaths.dateOfEpochHour(hour),
                LakePaths.hourOfEpochHour(hour));
        int n = filesPerDirectory.merge(directory, 1, Integer::sum) - 1;
        String key = directory + "/" + filePrefix + "-" + n + ".zstd.parquet";
        beforeCreate.accept(key);
        return key;
    }

    /** Writes what is buffered and closes every file; after a failure, do not call it: nothing open gets uploaded. */
    void finish() {
        flush();
        closeOlderThan(eventWriters, Long.MAX_VALUE);
        closeOlderThan(quarantineWriters, Long.MAX_VALUE);
    }

    /** Every file closed so far, by key, in closing order: its footer's row count and its size. */
    Map<String, LakeParquet.Written> written() {
        return written;
    }
}
