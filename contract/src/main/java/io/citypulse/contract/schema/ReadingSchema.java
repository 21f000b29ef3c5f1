package io.citypulse.contract.schema;

import static io.citypulse.contract.schema.FieldSpec.number;
import static io.citypulse.contract.schema.FieldSpec.text;

import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The versioned wire schema of one sensor type: the common header fields followed by the type's
 * measures, then its attributes. The JSON codec, the Spark/Parquet schema and docs/schema.md are all derived from it.
 */
public final class ReadingSchema {

    /** Version every producer writes today. */
    public static final int CURRENT_VERSION = 2;
    /** Oldest version consumers still decode; see docs/schema.md for the history. */
    public static final int OLDEST_SUPPORTED_VERSION = 1;

    /** 2100-01-01T00:00:00Z: any later event time is a broken clock, not a reading. */
    private static final double MAX_EVENT_TIME_MS = 4_102_444_800_000d;

    /** Header fields every reading carries, in wire order. */
    public static final List<FieldSpec> HEADER = List.of(
            number("schema_version", FieldType.INT, OLDEST_SUPPORTED_VERSION, CURRENT_VERSION, "",
                    "wire schema version", r -> r.header().schemaVersion()),
            text("event_id", 128, "unique id of the reading; a re-sent duplicate keeps it", SensorReading::eventId),
            text("sensor_id", 64, "catalog id of the sensor", SensorReading::sensorId),
            text("sensor_type", 63, "a declared sensor type (GET /api/v1/types): the type of its topic",
                    r -> r.sensorType().wireName()),
            text("zone", 64, "catalog zone of the sensor", SensorReading::zone),
            number("lat", FieldType.DOUBLE, -90, 90, "°", "latitude (WGS84)", r -> r.header().location().lat()),
            number("lon", FieldType.DOUBLE, -180, 180, "°", "longitude (WGS84)", r -> r.header().location().lon()),
            number("event_time_ms", FieldType.TIMESTAMP_MILLIS, 0, MAX_EVENT_TIME_MS, "ms",
                    "when the reading was taken, epoch milliseconds UTC", SensorReading::eventTime),
            number("seq", FieldType.LONG, 0, Long.MAX_VALUE, "",
                    "per-sensor sequence number", SensorReading::seq));

    /** By {@link SensorType#index()}. */
    private static final List<ReadingSchema> SCHEMAS = SensorType.all().stream().map(ReadingSchema::new).toList();

    private final SensorType type;
    private final List<FieldSpec> measures;
    private final List<FieldSpec> attributes;
    private final List<FieldSpec> fields;
    private final List<DerivedColumn> derived;
    private final Map<String, Integer> slots;
    private final Map<String, Integer> attributeSlots;
    /** Per attribute, its categories as a set; empty for free text. */
    private final List<Set<String>> categories;
    // The measures' checks as primitive arrays: every reading made passes through check().
    private final double[] min;
    private final double[] max;
    private final int[] since;
    private final boolean[] optional;
    private final boolean[] whole;

    private ReadingSchema(SensorType type) {
        this.type = type;
        this.measures = type.declaration().measureFields();
        this.attributes = type.declaration().attributeFields();
        List<FieldSpec> all = new ArrayList<>(HEADER);
        all.addAll(measures);
        all.addAll(attributes);
        this.fields = Collections.unmodifiableList(all);
        this.derived = type.declaration().derivedColumns();
        this.slots = slotsByName(measures);
        this.attributeSlots = slotsByName(attributes);
        this.categories = attributes.stream().map(a -> Set.copyOf(a.categories())).toList();
        int n = measures.size();
        this.min = new double[n];
        this.max = new double[n];
        this.since = new int[n];
        this.optional = new boolean[n];
        this.whole = new boolean[n];
        for (int i = 0; i < n; i++) {
            FieldSpec m = measures.get(i);
            min[i] = m.min();
            max[i] = m.max();
            since[i] = m.sinceVersion();
            optional[i] = m.nullable();
            whole[i] = m.type().isWhole();
        }
    }

    private static Map<String, Integer> slotsByName(List<FieldSpec> fields) {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            slots.put(fields.get(i).name(), i);
        }
        return Map.copyOf(slots);
    }

    /**
     * Checks the fields of a reading of {@code version}: one value per declared measure and one text per declared
     * attribute, in declared order. Each is present (not NaN, not null) from the version that added it unless it is
     * nullable, and absent before; a measure lies within its range and is whole where its type is; an attribute is one
     * of its categories, or a text that is not blank and not too long.
     *
     * @throws IllegalArgumentException naming the first field that breaks a rule
     */
    public void check(int version, double[] values, String[] texts) {
        if (values.length != min.length) {
            throw new IllegalArgumentException("a " + type.wireName() + " reading has " + min.length
                    + " measures, not " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            boolean partOf = version >= since[i];
            if (Double.isNaN(value) ? partOf && !optional[i] : !partOf || value < min[i] || value > max[i]
                    || whole[i] && value != Math.rint(value)) {
                throw new IllegalArgumentException(problem(measures.get(i), version, value));
            }
        }
        if (texts.length != 0 || !attributes.isEmpty()) {
            checkAttributes(version, texts); // apart: most types have none, and check() stays small
        }
    }

    private void checkAttributes(int version, String[] texts) {
        if (texts.length != attributes.size()) {
            throw new IllegalArgumentException("a reading of " + type.wireName() + " has " + attributes.size()
                    + " attributes, not " + texts.length);
        }
        for (int i = 0; i < texts.length; i++) {
            String problem = textProblem(i, version, texts[i]);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    /**
     * What is wrong with {@code text} as the attribute in {@code slot} of a reading of {@code version} (present, not
     * blank, not too long, one of its categories), or null when nothing is. (The decoder checks raw JSON values
     * itself, as it must tell a missing field from a wrong type.)
     */
    private String textProblem(int slot, int version, String text) {
        FieldSpec attribute = attributes.get(slot);
        if (text == null) {
            return attribute.requiredIn(version) ? attribute.name() + " is required from schema v"
                    + attribute.sinceVersion() : null;
        }
        if (!attribute.partOf(version)) {
            return attribute.name() + " is not part of schema v" + version;
        }
        if (attribute.isCategory()) {
            return categories.get(slot).contains(text) ? null
                    : attribute.name() + "='" + text + "' is not " + attribute.rangeText();
        }
        return text.isBlank() || text.length() > attribute.max() ? attribute.name() + ": length " + text.length()
                + (text.isBlank() ? " (blank)" : "") + " outside " + attribute.rangeText() : null;
    }

    private static String problem(FieldSpec measure, int version, double value) {
        if (Double.isNaN(value)) {
            return measure.name() + " is required from schema v" + measure.sinceVersion();
        }
        if (!measure.partOf(version)) {
            return measure.name() + " is not part of schema v" + version;
        }
        if (!measure.inRange(value)) {
            return measure.name() + "=" + value + " outside " + measure.rangeText();
        }
        return measure.name() + "=" + value + " is not a whole number";
    }

    public static ReadingSchema of(SensorType type) {
        return SCHEMAS.get(type.index());
    }

    public SensorType type() {
        return type;
    }

    /** Header, measures, then attributes: wire order. */
    public List<FieldSpec> fields() {
        return fields;
    }

    /** The numeric fields, by slot. */
    public List<FieldSpec> measures() {
        return measures;
    }

    /** The text fields (categories and free text), by slot. */
    public List<FieldSpec> attributes() {
        return attributes;
    }

    /** Columns computed from a reading: not on the wire, but in the lake. */
    public List<DerivedColumn> derived() {
        return derived;
    }

    /**
     * The Spark SQL DDL of a lake row: every wire field then the derived columns. Fields added by
     * later versions, and those declared nullable, are nullable; parse it with {@code StructType.fromDDL}.
     */
    public String sparkDdl() {
        List<String> columns = new ArrayList<>();
        for (FieldSpec field : fields) {
            String notNull = field.alwaysPresent() ? " NOT NULL" : "";
            columns.add(field.name() + " " + field.type().sparkType() + notNull);
        }
        for (DerivedColumn column : derived) {
            columns.add(column.name() + " " + column.type().sparkType() + (column.required() ? " NOT NULL" : ""));
        }
        return columns.stream().collect(Collectors.joining(", "));
    }

    /** The column values of a lake row for {@code reading}, in {@link #sparkDdl()} order. */
    public Object[] rowValues(SensorReading reading) {
        Object[] values = new Object[fields.size() + derived.size()];
        int i = 0;
        for (FieldSpec field : fields) {
            values[i++] = field.getter().apply(reading);
        }
        for (DerivedColumn column : derived) {
            values[i++] = column.getter().apply(reading);
        }
        return values;
    }

    /** The slot of the measure called {@code name}, in declared order. */
    public int slot(String name) {
        Integer slot = slots.get(name);
        if (slot == null) {
            throw new IllegalArgumentException(type.wireName() + " declares no measure '" + name + "'");
        }
        return slot;
    }

    /** The slot of the attribute called {@code name}, in declared order. */
    public int attributeSlot(String name) {
        Integer slot = attributeSlots.get(name);
        if (slot == null) {
            throw new IllegalArgumentException(type.wireName() + " declares no attribute '" + name + "'");
        }
        return slot;
    }
}
