package io.citypulse.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to start one service of the stack and tell that it is ready: everything the {@link Supervisor} needs to start
 * it again, on the same port and data, after it exits.
 *
 * @param readiness    polled after each start until it holds
 * @param readyWhat    what readiness checks, for the error when it does not hold in time
 * @param readyTimeout how long one start may take to become ready
 * @param beforeStart  run before every start (first and restarts), e.g. to clear a stale lock file
 */
record ServiceSpec(String name, List<String> command, Map<String, String> env, Path workDir, Path log,
                   Readiness readiness, String readyWhat, Duration readyTimeout, Runnable beforeStart,
                   StopSignal stopSignal) {

    /** Whether a started service is ready yet; {@code sinceStart} is the time since its process was started. */
    @FunctionalInterface
    interface Readiness {
        boolean isReady(Duration sinceStart);
    }

    /** How the service is asked to stop before it is killed. */
    enum StopSignal {
        /** SIGTERM to the process and its descendants (an app's {@code bash -c} may fork). */
        TERM,
        /** SIGINT to the process alone: PostgreSQL's fast shutdown (SIGTERM waits for every client to leave). */
        INT
    }

    ServiceSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** A service ready once it has run for a second (so a typo or a missing jar fails the start), stopped by SIGTERM. */
    static ServiceSpec of(String name, List<String> command, Path workDir, Path log) {
        return new ServiceSpec(name, command, Map.of(), workDir, log, sinceStart -> sinceStart.toMillis() >= 1000,
                "still running after 1 s", Duration.ofSeconds(5), () -> { }, StopSignal.TERM);
    }

    ServiceSpec withEnv(Map<String, String> variables) {
        return new ServiceSpec(name, command, variables, workDir, log, readiness, readyWhat, readyTimeout, beforeStart,
                stopSignal);
    }

    ServiceSpec readyWhen(String what, Duration timeout, Readiness check) {
        return new ServiceSpec(name, command, env, workDir, log, check, what, timeout, beforeStart, stopSignal);
    }

    /** Ready when a GET on {@code url} answers with a status below 400. */
    ServiceSpec readyWhenAnswers(URI url, Duration timeout) {
        return readyWhen("GET " + url + " answering below 400", timeout, sinceStart -> {
            int status = HttpProbe.status(url);
            return status >= 200 && status < 400;
        });
    }

    ServiceSpec beforeEachStart(Runnable step) {
        return new ServiceSpec(name, command, env, workDir, log, readiness, readyWhat, readyTimeout, step, stopSignal);
    }

    ServiceSpec stoppedBy(StopSignal signal) {
        return new ServiceSpec(name, command, env, workDir, log, readiness, readyWhat, readyTimeout, beforeStart, signal);
    }
}
