package io.citypulse.speedlayer.window;

import io.citypulse.contract.event.SensorType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tumbling window of one sensor that may still receive readings. */
public final class OpenWindow {

    private final long startMs;
    private final Map<String, MeasureStats> measures;
    private final SeqSet seqs;

    public OpenWindow(long startMs) {
        this(startMs, new LinkedHashMap<>(8), new SeqSet());
    }

    OpenWindow(long startMs, Map<String, MeasureStats> measures, SeqSet seqs) {
        this.startMs = startMs;
        this.measures = measures;
        this.seqs = seqs;
    }

    /** Adds the reading's measures; false (and nothing added) for a re-sent sequence number. */
    public boolean add(long seq, Map<String, Double> values) {
        if (!seqs.add(seq)) {
            return false;
        }
        values.forEach((name, value) -> measures.computeIfAbsent(name, key -> new MeasureStats()).add(value));
        return true;
    }

    public long startMs() {
        return startMs;
    }

    public int readings() {
        return seqs.size();
    }

    /** Writes the window for a snapshot; {@link #readFrom} reads it back exactly. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(startMs);
        out.writeInt(measures.size());
        for (Map.Entry<String, MeasureStats> entry : measures.entrySet()) {
            out.writeUTF(entry.getKey());
            entry.getValue().writeTo(out);
        }
        seqs.writeTo(out);
    }

    /** Reads a window written by {@link #writeTo}; {@code seqsListed} for snapshots of version 1 (one long per seq). */
    public static OpenWindow readFrom(DataInput in, boolean seqsListed) throws IOException {
        long start = in.readLong();
        int count = in.readInt();
        Map<String, MeasureStats> measures = new LinkedHashMap<>(8);
        for (int i = 0; i < count; i++) {
            measures.put(in.readUTF(), MeasureStats.readFrom(in));
        }
        return new OpenWindow(start, measures, seqsListed ? SeqSet.readListed(in) : SeqSet.readFrom(in));
    }

    public WindowAggregate close(String sensorId, SensorType type, String zone, long sizeMs) {
        Map<String, MeasureSummary> summaries = new LinkedHashMap<>();
        measures.forEach((name, stats) -> summaries.put(name, stats.summary()));
        return new WindowAggregate(sensorId, type, zone, Instant.ofEpochMilli(startMs),
                Instant.ofEpochMilli(startMs + sizeMs), seqs.size(), summaries);
    }
}
