package io.citypulse.contract.schema;

import java.util.Locale;

/** The value types a wire field can have, with their Spark SQL and PostgreSQL spellings. */
public enum FieldType {
    STRING("STRING"),
    INT("INT"),
    LONG("BIGINT"),
    DOUBLE("DOUBLE"),
    /** Epoch milliseconds on the wire, {@link java.time.Instant} in Java, TIMESTAMP in Spark. */
    TIMESTAMP_MILLIS("TIMESTAMP");

    private final String sparkType;
    private final String declaredName = name().toLowerCase(Locale.ROOT);

    FieldType(String sparkType) {
        this.sparkType = sparkType;
    }

    /** How a sensor-type declaration spells it ({@code "int"}, {@code "double"}). */
    public String declaredName() {
        return declaredName;
    }

    public String sparkType() {
        return sparkType;
    }

    public boolean isNumeric() {
        return this != STRING;
    }

    /** Whether values are whole numbers (a fraction is the wrong type). */
    public boolean isWhole() {
        return this == INT || this == LONG || this == TIMESTAMP_MILLIS;
    }
}
