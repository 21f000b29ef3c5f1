package io.citypulse.contract.schema;

/** The value types a wire field can have, with their Spark SQL and PostgreSQL spellings. */
public enum FieldType {
    STRING("STRING"),
    INT("INT"),
    LONG("BIGINT"),
    DOUBLE("DOUBLE"),
    /** Epoch milliseconds on the wire, {@link java.time.Instant} in Java, TIMESTAMP in Spark. */
    TIMESTAMP_MILLIS("TIMESTAMP");

    private final String sparkType;

    FieldType(String sparkType) {
        this.sparkType = sparkType;
    }

    public String sparkType() {
        return sparkType;
    }

    public boolean isNumeric() {
        return this != STRING;
    }
}
