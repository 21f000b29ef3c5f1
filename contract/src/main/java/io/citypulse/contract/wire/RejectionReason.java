package io.citypulse.contract.wire;

import java.util.Locale;

/** Why a record on a sensor topic is not a valid reading; the label is what metrics and the dead-letter topic carry. */
public enum RejectionReason {
    /** Empty, not JSON, not an object, or trailing garbage. */
    NOT_DECODABLE,
    /** A field the record's schema version requires is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (text where a number belongs, a fraction in a whole-number field...). */
    WRONG_TYPE,
    /** A value outside its field's valid range, or an unknown sensor type. */
    OUT_OF_RANGE,
    /** A schema version this build does not know. */
    UNKNOWN_SCHEMA_VERSION;

    /** Lower-case label, e.g. {@code out_of_range}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
