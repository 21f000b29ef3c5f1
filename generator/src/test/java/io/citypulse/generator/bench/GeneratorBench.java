package io.citypulse.generator.bench;

import io.citypulse.generator.GeneratorCommand;
import io.citypulse.generator.GeneratorRun;
import io.citypulse.generator.publish.DeliveryReport;
import io.citypulse.generator.publish.GeneratorMetrics;
import io.citypulse.generator.publish.KafkaRecordSink;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import java.util.Optional;
import picocli.CommandLine;

/**
 * {@code ./citypulse bench generator}: 2M readings in simulated mode, injections off, into a local
 * broker (acks=all); prints {@code events_per_s} as the last line. Timing covers generation, encoding
 * and delivery up to the final flush.
 */
public final class GeneratorBench {

    private static final long EVENTS = 2_000_000;

    public static void main(String[] args) {
        long events = args.length > 0 ? Long.parseLong(args[0]) : EVENTS;
        double eventsPerSecond;
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests())) {
            CommandLine cmd = GeneratorCommand.commandLine();
            cmd.parseArgs("--bootstrap-servers", stack.kafkaBootstrapServers(), "--mode", "simulated",
                    "--start", "2026-03-04T06:00:00Z", "--events", Long.toString(events), "--injections", "none",
                    "--metrics-port", "0", "--no-progress");
            GeneratorRun run = new GeneratorRun(GeneratorCommand.configOf(cmd));
            try (KafkaRecordSink sink = KafkaRecordSink.connect(stack.kafkaBootstrapServers(),
                    GeneratorMetrics.unexposed(), Optional.empty())) {
                // Warm-up: connect, fetch metadata and let the JIT see the hot path.
                long started = System.nanoTime();
                long generated = run.run(sink, sink::attempted, System.err);
                sink.flush();
                double seconds = (System.nanoTime() - started) / 1e9;
                DeliveryReport report = sink.report();
                if (!report.complete() || generated != events) {
                    throw new IllegalStateException("incomplete delivery: " + report + ", generated " + generated);
                }
                eventsPerSecond = events / seconds;
                System.out.printf("generator: %,d events in %.2f s = %,.0f events/s (%s)%n", events, seconds,
                        eventsPerSecond, report);
            }
        }
        System.out.println("BENCH {\"name\":\"generator\",\"figures\":{\"events_per_s\":" + Math.round(eventsPerSecond) + "}}");
    }
}
