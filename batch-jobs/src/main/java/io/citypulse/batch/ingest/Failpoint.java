package io.citypulse.batch.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only pause points. With {@code CITYPULSE_FAILPOINT=<name>} in the environment, a job that reaches
 * {@code <name>} prints {@code FAILPOINT <name>} on stdout and sleeps until it is killed, so a test can
 * kill -9 it at exactly that step. Unset in production: then {@link #reach(String)} does nothing.
 *
 * <p>Points: {@code ingest.range-written} (a task has written its range's files; the run is mid-write),
 * {@code ingest.before-commit} (files published, manifest not yet committed),
 * {@code compact.before-commit} (same for compaction).
 */
public final class Failpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Failpoint.class);
    public static final String VARIABLE = "CITYPULSE_FAILPOINT";

    private Failpoint() {
    }

    public static void reach(String name) {
        if (!name.equals(System.getenv(VARIABLE))) {
            return;
        }
        LOG.warn("failpoint {} reached: pausing until killed", name);
        System.out.println("FAILPOINT " + name);
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at failpoint " + name, e);
        }
    }
}
