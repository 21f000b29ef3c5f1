package io.citypulse.contract.schema;

import java.time.Instant;

/** Field values of one decoded record, already checked for presence, type and range. */
public interface WireValues {

    int schemaVersion();

    String text(String field);

    long whole(String field);

    double number(String field);

    /** A numeric field that older schema versions lack: null when absent. */
    Double optionalNumber(String field);

    Instant instant(String field);
}
