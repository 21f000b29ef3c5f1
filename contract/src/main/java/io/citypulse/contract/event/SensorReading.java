package io.citypulse.contract.event;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.ReadingSchema;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of one sensor, of any declared type: the header every reading shares, the type's measures by slot and
 * its attributes by slot, each in the order its declaration lists them ({@code sensor-types/TYPE.json}). Numbers are
 * held as primitives; a measure that the reading's schema version predates, or a nullable one left out, is absent
 * ({@link #has}), which is NaN in its slot. An attribute (a category or free text) is a String, null when absent.
 *
 * <p>The constructor checks every value against the declaration, so a reading that exists is valid. Immutable.
 */
public final class SensorReading {

    private final ReadingHeader header;
    private final ReadingSchema schema;
    private static final String[] NO_TEXTS = {};

    private final double[] values;
    private final String[] texts;

    /**
     * A reading of a type without attributes, or whose attributes are all absent.
     *
     * @param values one per declared measure, in declared order; NaN for a measure the schema version predates
     * @throws IllegalArgumentException naming the first measure that is missing, not whole or out of range
     */
    public SensorReading(ReadingHeader header, double... values) {
        this(header, values, null);
    }

    /**
     * @param values one per declared measure, in declared order; NaN for an absent one
     * @param texts  one per declared attribute, in declared order; null for an absent one. A null array: all absent
     * @throws IllegalArgumentException naming the first field that is missing, not whole, out of range or not one of
     *                                  its categories
     */
    public SensorReading(ReadingHeader header, double[] values, String[] texts) {
        if (header == null) {
            throw new IllegalArgumentException("header must not be null");
        }
        this.header = header;
        this.schema = ReadingSchema.of(header.sensorType());
        this.values = values.clone();
        int attributes = schema.attributes().size();
        this.texts = texts != null ? texts.clone() : attributes == 0 ? NO_TEXTS : new String[attributes];
        schema.check(header.schemaVersion(), this.values, this.texts);
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

    /** Whether the attribute in {@code slot} is present. */
    public boolean hasText(int slot) {
        return texts[slot] != null;
    }

    /** The attribute in {@code slot} (declared order); null when absent. */
    public String text(int slot) {
        return texts[slot];
    }

    /** The attribute called {@code name}; null when absent. */
    public String text(String name) {
        return texts[schema.attributeSlot(name)];
    }

    /** The present attributes by declared name, in declared order. */
    public Map<String, String> attributes() {
        List<FieldSpec> attributes = schema.attributes();
        Map<String, String> byName = new LinkedHashMap<>(texts.length * 2);
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] != null) {
                byName.put(attributes.get(i).name(), texts[i]);
            }
        }
        return byName;
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
        return other instanceof SensorReading that && header.equals(that.header) && Arrays.equals(values, that.values)
                && Arrays.equals(texts, that.texts);
    }

    @Override
    public int hashCode() {
        return (31 * header.hashCode() + Arrays.hashCode(values)) * 31 + Arrays.hashCode(texts);
    }

    @Override
    public String toString() {
        return "SensorReading[" + header + ", " + measures() + (texts.length == 0 ? "" : ", " + attributes()) + "]";
    }
}
