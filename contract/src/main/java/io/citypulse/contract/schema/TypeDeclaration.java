package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One sensor type as declared in {@code sensor-types/TYPE.json} (docs/adr/0005): its name, topic, description and
 * measures. The declaration is the one home of a measure's name, value type, range, unit and version; code that
 * still holds a typed reading binds its getters to the declared measures by name ({@link #bind}).
 *
 * @param type        wire name of the type, also the topic suffix and the lake partition
 * @param description one line for the docs and the API
 * @param topic       the Kafka topic its readings travel on
 * @param measures    in wire order
 */
public record TypeDeclaration(String type, String description, String topic, List<Measure> measures) {

    /**
     * One declared measure.
     *
     * @param since the schema version that added it; readings of older versions may lack it
     */
    public record Measure(String name, FieldType valueType, double min, double max, String unit, int since,
                          String description) {
    }

    public TypeDeclaration {
        Objects.requireNonNull(type, "type");
        measures = List.copyOf(measures);
    }

    /**
     * The declared measures as wire fields, in declared order, each read by the getter bound to its name. Every
     * declared measure needs exactly one getter and every getter a declared measure.
     */
    public List<FieldSpec> bind(Map<String, Function<SensorReading, Object>> getters) {
        TreeSet<String> unbound = new TreeSet<>(getters.keySet());
        List<FieldSpec> fields = new ArrayList<>(measures.size());
        for (Measure m : measures) {
            Function<SensorReading, Object> getter = getters.get(m.name());
            if (getter == null) {
                throw new IllegalStateException(type + ": the declared measure " + m.name() + " has no getter");
            }
            unbound.remove(m.name());
            fields.add(new FieldSpec(m.name(), m.valueType(), m.min(), m.max(), m.since(), m.unit(), m.description(),
                    getter));
        }
        if (!unbound.isEmpty()) {
            throw new IllegalStateException(type + ": getters for measures it does not declare: " + unbound);
        }
        return List.copyOf(fields);
    }
}
