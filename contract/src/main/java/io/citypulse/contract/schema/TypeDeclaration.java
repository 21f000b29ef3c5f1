package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One sensor type as declared in {@code sensor-types/TYPE.json} (docs/adr/0005): its name, topic, description,
 * measures and attributes. The declaration is the one home of a field's name, value type, range, unit and version.
 *
 * @param type        wire name of the type, also the topic suffix and the lake partition
 * @param description one line for the docs and the API
 * @param topic       the Kafka topic its readings travel on
 * @param measures    the numeric fields, in wire order
 * @param attributes  the text fields (a category or free text), in wire order after the measures
 * @param derived     lake columns computed from the measures, in column order
 */
public record TypeDeclaration(String type, String description, String topic, List<Measure> measures,
                              List<Attribute> attributes, List<Derived> derived) {

    /**
     * One declared measure: a number.
     *
     * @param since    the schema version that added it; readings of older versions lack it
     * @param nullable whether a reading of a version that has it may still leave it out
     */
    public record Measure(String name, FieldType valueType, double min, double max, String unit, int since,
                          boolean nullable, String description) {
    }

    /**
     * One declared attribute: a text, either a category (one of a closed set of names, such as a severity or a gear)
     * or free text of at most {@code maxLength} characters.
     *
     * @param categories empty for free text
     * @param maxLength  the longest value allowed: for a category, its longest name
     */
    public record Attribute(String name, List<String> categories, int maxLength, int since, boolean nullable,
                            String description) {

        public Attribute {
            categories = List.copyOf(categories);
        }

        public boolean isCategory() {
            return !categories.isEmpty();
        }

        /** How the declaration spells its kind: {@code category} or {@code text}. */
        public String valueType() {
            return isCategory() ? "category" : "text";
        }
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
        attributes = List.copyOf(attributes);
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
    public List<FieldSpec> measureFields() {
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
            fields.add(new FieldSpec(m.name(), m.valueType(), m.min(), m.max(), m.since(), m.nullable(), List.of(),
                    m.unit(), m.description(), getter));
        }
        return List.copyOf(fields);
    }

    /**
     * The declared attributes as wire fields, in declared order: the attribute in slot {@code i} is read off a reading
     * with {@link SensorReading#text(int)} (null when absent).
     */
    public List<FieldSpec> attributeFields() {
        List<FieldSpec> fields = new ArrayList<>(attributes.size());
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            int slot = i;
            fields.add(new FieldSpec(a.name(), FieldType.STRING, 1, a.maxLength(), a.since(), a.nullable(),
                    a.categories(), "", a.description(), r -> r.text(slot)));
        }
        return List.copyOf(fields);
    }
}
