package io.citypulse.batch.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --late-threshold-seconds}, for the jobs that judge lateness: the speed layer's allowed lateness. */
public final class LatenessOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private Duration threshold = Duration.ofSeconds(120);

    @Option(names = "--late-threshold-seconds", paramLabel = "SECONDS", description = "The speed layer's allowed "
            + "lateness: a reading that reached Kafka later than this after its event time is late (default 120)")
    void seconds(int seconds) {
        if (seconds < 0) {
            throw new ParameterException(spec.commandLine(), "--late-threshold-seconds must not be negative: " + seconds);
        }
        threshold = Duration.ofSeconds(seconds);
    }

    public Duration threshold() {
        return threshold;
    }
}
