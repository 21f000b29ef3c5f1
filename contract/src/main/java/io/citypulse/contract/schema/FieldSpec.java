package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.Objects;
import java.util.function.Function;

/**
 * One field of the wire schema: its name, type, valid range and the schema version that added it.
 * The codec, the Spark schema and the docs are all derived from these.
 *
 * @param name         snake_case wire name, also the Parquet column name
 * @param type         value type
 * @param min          smallest valid value (numeric fields), inclusive
 * @param max          largest valid value (numeric fields), inclusive; for strings the max length
 * @param sinceVersion schema version that introduced the field; required from then on
 * @param unit         unit of measure, empty when none
 * @param description  one line for the schema docs
 * @param getter       reads the field's Java value off a reading
 */
public record FieldSpec(
        String name,
        FieldType type,
        double min,
        double max,
        int sinceVersion,
        String unit,
        String description,
        Function<SensorReading, Object> getter) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(getter, "getter");
        if (min > max) {
            throw new IllegalArgumentException(name + ": min > max");
        }
    }

    /** A text field of at most {@code maxLength} characters. */
    public static FieldSpec text(String name, int maxLength, String description,
                                 Function<SensorReading, Object> getter) {
        return new FieldSpec(name, FieldType.STRING, 1, maxLength, 1, "", description, getter);
    }

    /** A numeric field valid within [min, max]. */
    public static FieldSpec number(String name, FieldType type, double min, double max, String unit,
                                   String description, Function<SensorReading, Object> getter) {
        return new FieldSpec(name, type, min, max, 1, unit, description, getter);
    }

    /** The same field, introduced by a later schema version. */
    public FieldSpec since(int version) {
        return new FieldSpec(name, type, min, max, version, unit, description, getter);
    }

    /** Whether a record written with {@code schemaVersion} must carry this field. */
    public boolean requiredIn(int schemaVersion) {
        return schemaVersion >= sinceVersion;
    }

    /** Whether a numeric value lies within the valid range. */
    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /** The valid range as text, for rejection messages and docs. */
    public String rangeText() {
        return type == FieldType.STRING
                ? "1.." + (long) max + " chars"
                : "[" + format(min) + ", " + format(max) + "]";
    }

    private static String format(double value) {
        // Whole doubles up to 2^63 print as integers; (long) 2^63 saturates to Long.MAX_VALUE, the seq limit.
        return value == Math.rint(value) && Math.abs(value) <= 0x1p63 ? Long.toString((long) value) : Double.toString(value);
    }
}
