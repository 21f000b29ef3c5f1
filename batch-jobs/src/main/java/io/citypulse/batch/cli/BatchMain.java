package io.citypulse.batch.cli;

import io.citypulse.batch.compact.CompactJob;
import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.reconcile.ReconcileJob;
import io.citypulse.batch.views.BatchViewsJob;
import java.util.Arrays;

/**
 * Entry point of the shaded jar: {@code spark-submit citypulse-batch-jobs.jar <job> [--option value ...]} with
 * job one of ingest, compact, batch-views, reconcile.
 */
public final class BatchMain {

    private BatchMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: <ingest|compact|batch-views|reconcile> [options]; --help on a job lists its options");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        JobRunner.SparkJob job = switch (args[0]) {
            case "ingest" -> new IngestJob();
            case "compact" -> new CompactJob();
            case "batch-views" -> new BatchViewsJob();
            case "reconcile" -> new ReconcileJob();
            default -> null;
        };
        if (job == null) {
            System.err.println("unknown job '" + args[0] + "': expected ingest, compact, batch-views or reconcile");
            System.exit(2);
        }
        System.exit(JobRunner.main(job, rest));
    }
}
