package io.citypulse.contract.topic;

/** Header names on {@link Topics#DEAD_LETTER} records. */
public final class DeadLetterHeaders {

    /** Rejection reason label, e.g. {@code out_of_range}. */
    public static final String REASON = "citypulse.reason";
    /** One-line detail naming the field and value. */
    public static final String DETAIL = "citypulse.detail";
    /** Topic, partition and offset the record came from. */
    public static final String SOURCE_TOPIC = "citypulse.source.topic";
    public static final String SOURCE_PARTITION = "citypulse.source.partition";
    public static final String SOURCE_OFFSET = "citypulse.source.offset";
    /** Which component rejected it, e.g. {@code speed-layer}. */
    public static final String REJECTED_BY = "citypulse.rejected.by";

    private DeadLetterHeaders() {
    }
}
