package io.citypulse.contract.schema;

import io.citypulse.contract.event.SensorReading;
import java.util.function.Function;

/** A lake column computed from a reading rather than carried on the wire. */
public record DerivedColumn(String name, FieldType type, String description,
                           Function<SensorReading, Object> getter) {
}
