package io.citypulse.api.history;

import java.time.Instant;

/** One layer's aggregate of one measure in one bucket, before the merge. */
public record Part(Instant bucket, String measure, Source source, Aggregate aggregate) {

    /** Which view a part came from. */
    public enum Source {
        BATCH, SPEED
    }
}
