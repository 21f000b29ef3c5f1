package io.citypulse.generator.publish;

/**
 * What a run delivered.
 *
 * @param attempted records handed to the producer (readings, duplicates, malformed) and labels
 * @param acked     records the broker acknowledged
 * @param failed    records that failed after the client's retries
 * @param labels    injection labels among them
 */
public record DeliveryReport(long attempted, long acked, long failed, long labels) {

    public boolean complete() {
        return failed == 0 && acked == attempted;
    }
}
