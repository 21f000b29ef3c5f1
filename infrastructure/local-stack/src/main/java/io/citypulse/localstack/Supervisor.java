package io.citypulse.localstack;

import io.citypulse.localstack.RestartPolicy.Decision;
import io.citypulse.localstack.RestartPolicy.GiveUp;
import io.citypulse.localstack.RestartPolicy.Restart;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one service of the stack running: starts it, and once it has been ready, starts it again with the same
 * command (so the same port and data) whenever it exits, as the {@link RestartPolicy} says, until {@link #stop()}
 * or until the policy gives up. Each exit and restart is logged by the launcher, noted in the service's own log
 * and written to the state directory for {@code status}.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final ServiceSpec spec;
    private final RestartPolicy policy;
    private final StateDir state;
    private final Thread watcher;
    private volatile ChildProcess current;
    private volatile boolean stopping;
    private ServiceState serviceState = ServiceState.STARTED;
    private long readyAtNanos;
    private int fastExits;
    private String failedStart = "";

    private Supervisor(ServiceSpec spec, RestartPolicy policy, StateDir state) {
        this.spec = spec;
        this.policy = policy;
        this.state = state;
        this.watcher = new Thread(this::watch, "citypulse-supervisor-" + spec.name());
        watcher.setDaemon(true);
    }

    /** Starts the service without waiting for it; {@link #awaitFirstReady()} waits. */
    static Supervisor launch(ServiceSpec spec, RestartPolicy policy, StateDir state) {
        Supervisor supervisor = new Supervisor(spec, policy, state);
        supervisor.current = supervisor.startProcess();
        return supervisor;
    }

    /** Starts the service, waits until it is ready and watches it from then on; fails (stopping it) if it is not ready. */
    static Supervisor start(ServiceSpec spec, RestartPolicy policy, StateDir state) {
        Supervisor supervisor = launch(spec, policy, state);
        supervisor.awaitFirstReady();
        return supervisor;
    }

    /**
     * Waits for the first start to be ready, then watches. A first start that fails is not retried: a wrong
     * setting or a taken port fails {@code up} at once, with the service's log.
     */
    void awaitFirstReady() {
        try {
            awaitReady(current);
        } catch (RuntimeException e) {
            discard(current);
            throw e;
        }
        readyAtNanos = System.nanoTime();
        state.writeServiceState(spec.name(), serviceState);
        watcher.start();
    }

    long pid() {
        return current.pid();
    }

    /** Stops restarting, then stops the service. */
    void stop() {
        stopping = true;
        watcher.interrupt();
        synchronized (this) {
            current.stop(spec.stopSignal());
        }
        try {
            watcher.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        while (!stopping) {
            ChildProcess process = current;
            int code;
            try {
                code = process.waitForExit();
            } catch (InterruptedException e) {
                return;  // stop() interrupts
            }
            if (stopping) {
                return;
            }
            process.killGroup();  // what it forked must not hold its port against the next start
            String exit = ChildProcess.describeExit(code) + " after " + seconds(System.nanoTime() - readyAtNanos) + " up";
            if (!restartAfter(process, exit, Duration.ofNanos(System.nanoTime() - readyAtNanos))) {
                return;
            }
        }
    }

    /** Restarts after an exit, retrying failed starts as the policy allows; false once stopped or given up. */
    private boolean restartAfter(ChildProcess exited, String exit, Duration upFor) {
        long exitedAt = System.nanoTime();
        String why = exit;
        Duration up = upFor;
        while (true) {
            Decision decision = policy.afterExit(up, fastExits);
            if (decision instanceof GiveUp giveUp) {
                serviceState = serviceState.failed(why, giveUp.reason());
                state.writeServiceState(spec.name(), serviceState);
                String message = spec.name() + " failed: " + why + "; it " + giveUp.reason() + " (log " + spec.log() + ")";
                LOG.error("{}", message);
                exited.note(message);
                return false;
            }
            Restart restart = (Restart) decision;
            fastExits = restart.fastExits();
            serviceState = serviceState.restarting(why, serviceState.restarts() + 1);
            state.writeServiceState(spec.name(), serviceState);
            String message = spec.name() + " (pid " + current.pid() + ") " + why + "; restart " + serviceState.restarts()
                    + " in " + restart.delay().toSeconds() + " s";
            LOG.warn("{}", message);
            exited.note(message);
            if (!sleep(restart.delay()) || !relaunched()) {
                if (stopping) {
                    return false;
                }
                why = failedStart;
                up = Duration.ZERO;
                continue;
            }
            readyAtNanos = System.nanoTime();
            serviceState = serviceState.up();
            state.writeServiceState(spec.name(), serviceState);
            LOG.info("{} is back (pid {}), ready {} after it exited", spec.name(), current.pid(), seconds(readyAtNanos - exitedAt));
            return true;
        }
    }

    /** Starts the service again and waits until it is ready; false (the reason in failedStart) if it is not. */
    private boolean relaunched() {
        ChildProcess next = null;
        try {
            next = startProcess();
            synchronized (this) {
                if (stopping) {
                    next.stop(spec.stopSignal());
                    return false;
                }
                current = next;
            }
            awaitReady(next);
            return true;
        } catch (RuntimeException e) {
            if (next != null) {
                discard(next);
            }
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("start failed");
            failedStart = first.startsWith(spec.name() + " ") ? first.substring(spec.name().length() + 1) : first;
            return false;
        }
    }

    /** Stops a start that failed; if it already died, kills what it forked (its death was just seen: its pid is not reused). */
    private void discard(ChildProcess process) {
        if (process.isAlive()) {
            process.stop(spec.stopSignal());
        } else {
            process.killGroup();
        }
    }

    private ChildProcess startProcess() {
        spec.beforeStart().run();
        ChildProcess process = ChildProcess.start(spec.name(), spec.command(), spec.env(), spec.workDir(), spec.log());
        state.writePid(spec.name(), process.pid());
        return process;
    }

    /** Polls the readiness check until it holds; fails if the process dies, {@link #stop()} is called or time runs out. */
    private void awaitReady(ChildProcess process) {
        long started = System.nanoTime();
        long deadline = started + spec.readyTimeout().toNanos();
        while (true) {
            process.requireAlive();
            if (stopping) {
                throw new IllegalStateException(spec.name() + " stopped while starting");
            }
            if (spec.readiness().isReady(Duration.ofNanos(System.nanoTime() - started))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(spec.name() + " not ready after " + spec.readyTimeout().toSeconds()
                        + " s (" + spec.readyWhat() + ")" + process.logTail());
            }
            if (!sleep(Duration.ofMillis(100))) {
                throw new IllegalStateException("interrupted while waiting for " + spec.name());
            }
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }
}
