package io.citypulse.contract.event;

/** What the generator can inject on purpose, each labelled on the ground-truth topic. */
public enum InjectionKind {
    /** A labelled anomaly of one {@link AnomalyType}. */
    ANOMALY,
    /** A reading delivered later than the speed layer's allowed lateness. */
    LATE,
    /** A reading delivered after a newer one of the same sensor, within the lateness. */
    OUT_OF_ORDER,
    /** A reading re-sent with the same event id. */
    DUPLICATE,
    /** Bytes that are not a valid reading; {@code expectedRejection} says which reason. */
    MALFORMED
}
