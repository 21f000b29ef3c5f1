package io.citypulse.api.types;

import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.schema.TypeDeclaration;
import java.util.List;

/**
 * A declared sensor type as the API lists it: its declaration (sensor-types/TYPE.json): measures, attributes and
 * derived lake columns, and the schema version producers write today.
 */
public record TypeView(String type, String description, String topic, int schemaVersion, List<Measure> measures,
                       List<Attribute> attributes, List<Derived> derived) {

    /** One declared measure; {@code since} is the schema version that added it. */
    public record Measure(String name, String valueType, String unit, double min, double max, int since,
                          boolean nullable, String description) {
    }

    /** One declared text field: a {@code category} of {@code categories}, or free {@code text} up to maxLength. */
    public record Attribute(String name, String valueType, List<String> categories, int maxLength, int since,
                            boolean nullable, String description) {
    }

    /** A lake column computed from the measures: a {@code number}, or a {@code category} of {@code categories}. */
    public record Derived(String name, String valueType, List<String> categories, String expression,
                          String description) {
    }

    static TypeView of(TypeDeclaration declaration) {
        return new TypeView(declaration.type(), declaration.description(), declaration.topic(),
                ReadingSchema.CURRENT_VERSION, declaration.measures().stream()
                .map(m -> new Measure(m.name(), m.valueType().declaredName(), m.unit(), m.min(), m.max(), m.since(),
                        m.nullable(), m.description()))
                .toList(), declaration.attributes().stream()
                .map(a -> new Attribute(a.name(), a.valueType(), a.categories(), a.maxLength(), a.since(),
                        a.nullable(), a.description()))
                .toList(), declaration.derived().stream()
                .map(d -> new Derived(d.name(), d.isCategory() ? "category" : "number", d.categories(),
                        d.expression().toString(), d.description()))
                .toList());
    }
}
