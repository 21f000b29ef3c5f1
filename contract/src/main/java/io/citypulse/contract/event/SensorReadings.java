package io.citypulse.contract.event;

import io.citypulse.contract.schema.FieldSpec;

/** Checks shared by the reading records' compact constructors. */
final class SensorReadings {

    private SensorReadings() {
    }

    static void requireType(ReadingHeader header, SensorType expected) {
        if (header == null) {
            throw new IllegalArgumentException("header must not be null");
        }
        if (header.sensorType() != expected) {
            throw new IllegalArgumentException("a " + expected.wireName() + " reading cannot carry sensor type "
                    + header.sensorType().wireName());
        }
    }

    static void requireRange(FieldSpec field, double value) {
        if (!field.inRange(value)) {
            throw new IllegalArgumentException(field.name() + "=" + value + " outside " + field.rangeText());
        }
    }
}
