package io.citypulse.contract.wire;

import java.util.Objects;

/**
 * A precise reason a record was rejected.
 *
 * @param reason the class of problem
 * @param field  the offending wire field, or empty when the record as a whole is bad
 * @param detail one human-readable sentence
 */
public record Rejection(RejectionReason reason, String field, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        field = field == null ? "" : field;
        detail = detail == null ? "" : detail;
    }

    /** One line for logs and the dead-letter header, e.g. {@code out_of_range(avg_speed_kmh): -5.0 outside [0, 300]}. */
    public String describe() {
        return reason.label() + (field.isEmpty() ? "" : "(" + field + ")") + ": " + detail;
    }
}
