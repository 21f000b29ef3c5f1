package io.citypulse.generator;

import io.citypulse.generator.publish.DeliveryReport;
import io.citypulse.generator.publish.GeneratorMetrics;
import io.citypulse.generator.publish.KafkaRecordSink;
import io.citypulse.generator.publish.LabelsFile;
import io.citypulse.generator.publish.TopicTails;
import io.citypulse.observability.MetricsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One generator process: metrics endpoint, Kafka sink, the run, SIGTERM handling and the final report. */
public final class GeneratorService {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorService.class);
    private static volatile boolean stoppedBySignal;

    private final GeneratorConfig config;

    public GeneratorService(GeneratorConfig config) {
        this.config = config;
    }

    /** Whether a shutdown signal ended the run (the JVM is exiting already). */
    static boolean stoppedBySignal() {
        return stoppedBySignal;
    }

    /** Runs to completion or SIGTERM; returns 0 when every record was acknowledged, 1 otherwise. */
    public int run() {
        MetricsServer metricsServer = startMetrics();
        GeneratorMetrics metrics = metricsServer == null ? GeneratorMetrics.unexposed()
                : new GeneratorMetrics(metricsServer.registry());
        GeneratorRun run = new GeneratorRun(config, resumeAfter());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stoppedBySignal = true;
            LOG.info("shutdown requested: stopping generation, flushing");
            run.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "generator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try (KafkaRecordSink sink = KafkaRecordSink.connect(config.bootstrapServers(), metrics,
                config.labelsFile().map(LabelsFile::new))) {
            if (config.mode() == GeneratorConfig.Mode.REALTIME) {
                sink.stampedBy(run::clockMillis);
            }
            long generated = run.run(sink, sink::attempted, System.err);
            sink.flush();
            DeliveryReport report = sink.report();
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("done: {} readings generated, {} records sent ({} labels), {} acknowledged, {} failed in {} s ({} records/s)",
                    generated, report.attempted(), report.labels(), report.acked(), report.failed(),
                    String.format("%.1f", seconds), Math.round(report.attempted() / seconds));
            if (report.failed() > 0) {
                LOG.error("{} records failed after retries: exit code 1", report.failed());
            }
            return report.complete() ? 0 : 1;
        } finally {
            if (metricsServer != null) {
                metricsServer.close();
            }
            finished.countDown();
            if (!stoppedBySignal) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    /** With a history, where the topics end: a restart must not send the past again. */
    private Optional<Instant> resumeAfter() {
        if (config.mode() != GeneratorConfig.Mode.REALTIME || config.history().isZero()) {
            return Optional.empty();
        }
        return TopicTails.latestEventTime(config.bootstrapServers(), config.types());
    }

    private MetricsServer startMetrics() {
        if (config.metricsPort() == 0) {
            return null;
        }
        try {
            return MetricsServer.start("0.0.0.0", config.metricsPort(), "generator", () -> true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + config.metricsPort(), e);
        }
    }
}
