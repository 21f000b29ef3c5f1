package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.function.Function;

/**
 * A lake column computed from a reading rather than carried on the wire: a declared expression's value.
 *
 * @param required whether every reading has a value (a category); a number is null where the expression is not a
 *                 finite number for that reading (a division by zero, a measure its version lacks)
 */
public record DerivedColumn(String name, FieldType type, boolean required, String description,
                            Function<SensorReading, Object> getter) {
}
