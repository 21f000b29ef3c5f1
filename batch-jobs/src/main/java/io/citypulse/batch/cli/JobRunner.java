package io.citypulse.batch.cli;

import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.batch.metrics.Pushgateway;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs one batch job from {@code main}: parses named arguments (usage error: exit 2 naming the argument),
 * reads the environment, builds the SparkSession, runs the job, logs the one summary line, pushes metrics,
 * and stops Spark in {@code finally}. Exit 0 on success, 1 on failure.
 */
public final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** A job that runs against a session it does not own (tests share one per class). */
    public interface SparkJob {
        /** Short name: ingest, compact, batch-views, reconcile. */
        String name();

        /** The --master option, null when spark-submit decides. */
        String master();

        /** Runs; a failed outcome is recorded with {@link JobSummary#fail(String)} or thrown. */
        void run(SparkSession spark, JobConfig config, JobSummary summary);
    }

    private JobRunner() {
    }

    /** Parses {@code args} into {@code job} and runs it; returns the process exit code. */
    public static int main(SparkJob job, String[] args) {
        CommandLine cli = new CommandLine(job);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println(job.name() + ": " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return 2;
        }
        JobConfig config;
        try {
            config = JobConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println(job.name() + ": " + e.getMessage());
            return 2;
        }
        return runWithSession(job, config);
    }

    private static int runWithSession(SparkJob job, JobConfig config) {
        JobSummary summary = new JobSummary(job.name());
        SparkSession spark = null;
        try {
            spark = SparkSessions.create("citypulse-" + job.name(), job.master(), config);
            job.run(spark, config, summary);
        } catch (RuntimeException e) {
            summary.fail(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.error("{} failed", job.name(), e);
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
        LOG.info(summary.line());
        System.out.println(summary.line());
        config.pushgatewayUrl().ifPresent(url -> Pushgateway.push(url, summary));
        return summary.ok() ? 0 : 1;
    }
}
