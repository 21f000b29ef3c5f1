package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.List;
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
 * @param sinceVersion schema version that introduced the field; part of every record from then on
 * @param nullable     whether a record of a version that has the field may still leave it out (or send null)
 * @param categories   for a categorical string, the closed set of its values; empty for any other field
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
        boolean nullable,
        List<String> categories,
        String unit,
        String description,
        Function<SensorReading, Object> getter) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(getter, "getter");
        categories = List.copyOf(categories);
        if (min > max) {
            throw new IllegalArgumentException(name + ": min > max");
        }
        if (!categories.isEmpty() && type != FieldType.STRING) {
            throw new IllegalArgumentException(name + ": only a string field has categories");
        }
    }

    /** A text field of at most {@code maxLength} characters. */
    public static FieldSpec text(String name, int maxLength, String description,
                                 Function<SensorReading, Object> getter) {
        return new FieldSpec(name, FieldType.STRING, 1, maxLength, 1, false, List.of(), "", description, getter);
    }

    /** A numeric field valid within [min, max]. */
    public static FieldSpec number(String name, FieldType type, double min, double max, String unit,
                                   String description, Function<SensorReading, Object> getter) {
        return new FieldSpec(name, type, min, max, 1, false, List.of(), unit, description, getter);
    }

    /** Whether a record written with {@code schemaVersion} must carry this field. */
    public boolean requiredIn(int schemaVersion) {
        return schemaVersion >= sinceVersion && !nullable;
    }

    /** Whether a record written with {@code schemaVersion} may carry this field: not before the version added it. */
    public boolean partOf(int schemaVersion) {
        return schemaVersion >= sinceVersion;
    }

    /** Whether every lake row has a value: the field is in every supported version and may not be left out. */
    public boolean alwaysPresent() {
        return sinceVersion == ReadingSchema.OLDEST_SUPPORTED_VERSION && !nullable;
    }

    /** Whether the field takes one of a closed set of names. */
    public boolean isCategory() {
        return !categories.isEmpty();
    }

    /** Whether a numeric value lies within the valid range. */
    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /** The valid range as text, for rejection messages and docs. */
    public String rangeText() {
        if (isCategory()) {
            return "one of " + String.join(", ", categories);
        }
        return type == FieldType.STRING
                ? "1.." + (long) max + " chars"
                : "[" + format(min) + ", " + format(max) + "]";
    }

    private static String format(double value) {
        // Whole doubles up to 2^63 print as integers; (long) 2^63 saturates to Long.MAX_VALUE, the seq limit.
        return value == Math.rint(value) && Math.abs(value) <= 0x1p63 ? Long.toString((long) value) : Double.toString(value);
    }
}
