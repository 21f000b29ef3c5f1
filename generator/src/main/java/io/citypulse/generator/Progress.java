package io.citypulse.generator;

import java.io.PrintStream;

/** A one-line progress bar with the rate, redrawn in place on stderr. */
final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final long total;
    private final long startedNanos = System.nanoTime();
    private long lastDraw;

    Progress(PrintStream out, long total) {
        this.out = out;
        this.total = Math.max(1, total);
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(done, now);
        }
    }

    void finish(long done) {
        draw(done, System.nanoTime());
        out.println();
    }

    private void draw(long done, long now) {
        double fraction = Math.min(1, (double) done / total);
        int filled = (int) (fraction * WIDTH);
        double seconds = Math.max(1e-9, (now - startedNanos) / 1e9);
        out.printf("\r[%s%s] %3.0f%% %,d/%,d events %,.0f/s", "=".repeat(filled), " ".repeat(WIDTH - filled),
                fraction * 100, done, total, done / seconds);
        out.flush();
    }
}
