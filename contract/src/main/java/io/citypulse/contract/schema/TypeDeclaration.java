package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One sensor type as declared in {@code sensor-types/TYPE.json} (docs/adr/0005): its name, topic, description and
 * measures. The declaration is the one home of a measure's name, value type, range, unit and version.
 *
 * @param type        wire name of the type, also the topic suffix and the lake partition
 * @param description one line for the docs and the API
 * @param topic       the Kafka topic its readings travel on
 * @param measures    in wire order
 * @param derived     lake columns computed from the measures, in column order
 */
public record TypeDeclaration(String type, String description, String topic, List<Measure> measures,
                              List<Derived> derived) {

    /**
     * One declared measure.
     *
     * @param since the schema version that added it; readings of older versions may lack it
     */
    public record Measure(String name, FieldType valueType, double min, double max, String unit, int since,
                          String description) {
    }

    /**
     * One declared derived column: an expression over the measures, either a number or, with {@code categories}, the
     * index of one of them (congestion level 0..4 is {@code FREE_FLOW..SEVERE}).
     *
     * @param categories empty for a number
     */
    public record Derived(String name, Expression expression, List<String> categories, String description) {

        public Derived {
            categories = List.copyOf(categories);
        }

        public boolean isCategory() {
            return !categories.isEmpty();
        }

        /** What the expression gives for {@code reading}: a category's name, a finite Double, or null. */
        public Object valueOf(SensorReading reading) {
            double value = expression.evaluate(reading::value);
            if (!isCategory()) {
                return Double.isFinite(value) ? value : null;
            }
            if (value != Math.rint(value) || value < 0 || value >= categories.size()) {
                throw new IllegalStateException(name + " = " + expression + " gave " + value + " for reading "
                        + reading.eventId() + ", not an index of its " + categories.size() + " categories");
            }
            return categories.get((int) value);
        }
    }

    public TypeDeclaration {
        Objects.requireNonNull(type, "type");
        measures = List.copyOf(measures);
        derived = List.copyOf(derived);
    }

    /** The derived columns of the lake row, in declared order. */
    public List<DerivedColumn> derivedColumns() {
        return derived.stream().map(d -> new DerivedColumn(d.name(), d.isCategory() ? FieldType.STRING
                : FieldType.DOUBLE, d.isCategory(), d.description(), d::valueOf)).toList();
    }

    /**
     * The declared measures as wire fields, in declared order: the measure in slot {@code i} is read off a reading
     * with {@link SensorReading#value(int)}, as the Java value of its type (Integer, Long or Double; null when absent).
     */
    public List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>(measures.size());
        for (int i = 0; i < measures.size(); i++) {
            Measure m = measures.get(i);
            int slot = i;
            Function<SensorReading, Object> getter = switch (m.valueType()) {
                case INT -> r -> r.has(slot) ? (Object) (int) r.value(slot) : null;
                case LONG -> r -> r.has(slot) ? (Object) (long) r.value(slot) : null;
                case DOUBLE -> r -> r.has(slot) ? (Object) r.value(slot) : null;
                default -> throw new IllegalStateException(type + ": " + m.name() + " has no numeric value type");
            };
            fields.add(new FieldSpec(m.name(), m.valueType(), m.min(), m.max(), m.since(), m.unit(), m.description(),
                    getter));
        }
        return List.copyOf(fields);
    }
}
