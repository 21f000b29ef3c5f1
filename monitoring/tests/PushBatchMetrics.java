import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.batch.metrics.Pushgateway;
import java.net.URI;

/**
 * Pushes one batch run to a Pushgateway through the batch jobs' own JobSummary and Pushgateway classes,
 * so the monitoring tests see exactly what a real run pushes. Arguments: GATEWAY JOB ok|failed [FIGURE=VALUE ...].
 */
public final class PushBatchMetrics {

    public static void main(String[] args) {
        JobSummary summary = new JobSummary(args[1]);
        for (int i = 3; i < args.length; i++) {
            String[] figure = args[i].split("=", 2);
            summary.put(figure[0], Long.parseLong(figure[1]));
        }
        if (args[2].equals("failed")) {
            summary.fail("failure pushed by the monitoring tests");
        }
        Pushgateway.push(URI.create(args[0]), summary);
    }
}
