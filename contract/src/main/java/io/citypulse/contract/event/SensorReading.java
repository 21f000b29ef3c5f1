package io.citypulse.contract.event;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of one sensor, of any declared type: the header every reading shares and the type's measures by slot,
 * in the order its declaration lists them ({@code sensor-types/TYPE.json}). Numbers are held as primitives; a
 * measure that the reading's schema version predates is absent ({@link #has}), which is NaN in its slot.
 *
 * <p>The constructor checks every value against the declaration, so a reading that exists is valid. Immutable.
 */
public final class SensorReading {

    private final ReadingHeader header;
    private final ReadingSchema schema;
    private final double[] values;

    /**
     * @param values one per declared measure, in declared order; NaN for a measure the schema version predates
     * @throws IllegalArgumentException naming the first measure that is missing, not whole or out of range
     */
    public SensorReading(ReadingHeader header, double... values) {
        if (header == null) {
            throw new IllegalArgumentException("header must not be null");
        }
        this.header = header;
        this.schema = ReadingSchema.of(header.sensorType());
        this.values = values.clone();
        schema.check(header.schemaVersion(), this.values);
    }

    public ReadingHeader header() {
        return header;
    }

    /** The schema of the reading's type: its fields, measures and derived columns. */
    public ReadingSchema schema() {
        return schema;
    }

    public String eventId() {
        return header.eventId();
    }

    public String sensorId() {
        return header.sensorId();
    }

    public SensorType sensorType() {
        return header.sensorType();
    }

    public String zone() {
        return header.zone();
    }

    public Instant eventTime() {
        return header.eventTime();
    }

    public long seq() {
        return header.seq();
    }

    /** Whether the measure in {@code slot} is present (older schema versions lack some). */
    public boolean has(int slot) {
        return !Double.isNaN(values[slot]);
    }

    /** The measure in {@code slot} (declared order); NaN when absent. */
    public double value(int slot) {
        return values[slot];
    }

    /** The measure called {@code name}; NaN when absent. */
    public double value(String name) {
        return values[schema.slot(name)];
    }

    /**
     * The present measures by declared name, in declared order; absent ones (older schema versions) are left out.
     * Windows and aggregates iterate over this.
     */
    public Map<String, Double> measures() {
        List<FieldSpec> measures = schema.measures();
        Map<String, Double> byName = new LinkedHashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            if (has(i)) {
                byName.put(measures.get(i).name(), values[i]);
            }
        }
        return byName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SensorReading that && header.equals(that.header) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SensorReading[" + header + ", " + measures() + "]";
    }
}
