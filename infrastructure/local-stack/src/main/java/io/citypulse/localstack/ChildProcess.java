package io.citypulse.localstack;

import io.citypulse.localstack.ServiceSpec.StopSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the stack started, its output appended to its own log file. Each runs in a session of its own
 * ({@code setsid}), so that whatever it forked can be found and killed after it died (its process group), and
 * a Ctrl-C in the terminal reaches only the launcher, which stops everything in order.
 */
final class ChildProcess {

    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} with {@code extraEnv} added, stdout and stderr appended to {@code logFile}. */
    static ChildProcess start(String name, List<String> command, Map<String, String> extraEnv, Path workDir, Path logFile) {
        List<String> inOwnSession = new ArrayList<>(List.of("setsid"));
        inOwnSession.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            // A child of the JVM is no process-group leader, so setsid execs in place: the pid stays the command's.
            ProcessBuilder builder = new ProcessBuilder(inOwnSession)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(extraEnv);
            return new ChildProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Runs a short command to completion (e.g. formatting storage) and fails with its log tail unless it exits 0. */
    static void runToCompletion(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        ChildProcess child = start(name, command, Map.of(), workDir, logFile);
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.stop(StopSignal.TERM);
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s" + child.logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.stop(StopSignal.TERM);
            throw new IllegalStateException(name + " interrupted", e);
        }
        if (child.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + child.process.exitValue() + child.logTail());
        }
    }

    /** How an exit code reads: a code above 128 is how the JDK reports death by signal (128 + signal number). */
    static String describeExit(int code) {
        int signal = code - 128;
        if (signal > 0 && signal < SIGNALS.length) {
            return "killed by " + SIGNALS[signal] + " (exit code " + code + ")";
        }
        return signal > 0 && signal < 65 ? "killed by signal " + signal + " (exit code " + code + ")" : "exit code " + code;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Blocks until the process exits and returns its exit code. */
    int waitForExit() throws InterruptedException {
        return process.waitFor();
    }

    /** Fails with the last lines of the log if the process has exited; called while waiting for readiness. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited during start: " + describeExit(process.exitValue()) + logTail());
        }
    }

    /** Stops the process as {@code signal} says, kills it after a grace period, then kills what is left of its group. */
    void stop(StopSignal signal) {
        if (!process.isAlive()) {
            return;  // its group was killed when it exited; its pid may belong to someone else by now
        }
        if (signal == StopSignal.INT) {
            signal("INT", process.pid());
            awaitExitOrKill(process.toHandle(), System.nanoTime() + GRACE.toNanos());
        } else {
            stop(process.toHandle(), true, GRACE);
        }
        killGroup();
    }

    /** SIGKILL to every process left in this child's process group (e.g. what a killed {@code bash -c} had forked). */
    void killGroup() {
        killGroup(process.pid());
    }

    /** SIGKILL to the process group that the stack's child {@code pid} leads (each runs in a session of its own). */
    static void killGroup(long pid) {
        signal("KILL", -pid);
    }

    /**
     * Stops {@code handle} (and its descendants if asked: an app's {@code bash -c} may fork), killing whatever
     * still runs after {@code grace}.
     */
    static void stop(ProcessHandle handle, boolean withDescendants, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(withDescendants ? handle.descendants().toList() : List.of());
        tree.add(0, handle);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        tree.forEach(p -> awaitExitOrKill(p, deadline));
    }

    private static void awaitExitOrKill(ProcessHandle p, long deadlineNanos) {
        try {
            p.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    /** Appends one line, marked as the launcher's, to the log the process writes, so the log tells why it restarted. */
    void note(String line) {
        String text = "--- " + Instant.now() + " citypulse launcher: " + line + System.lineSeparator();
        try {
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + logFile, e);
        }
    }

    /** The last lines of the log, prefixed for an error message. */
    String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - 25), lines.size());
            return "\n--- last lines of " + logFile + " ---\n" + String.join("\n", tail);
        } catch (IOException e) {
            return " (log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** {@code kill -SIGNAL pid} (a negative pid names a process group); Java itself sends only TERM and KILL. */
    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
