package io.citypulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process the stack started, its output appended to its own log file. */
final class ChildProcess {

    private static final Duration GRACE = Duration.ofSeconds(20);

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
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
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
                child.stop();
                throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s" + child.logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.stop();
            throw new IllegalStateException(name + " interrupted", e);
        }
        if (child.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + child.process.exitValue() + child.logTail());
        }
    }

    /** Polls {@code ready} until it holds, failing if the process dies or {@code timeout} passes. */
    void awaitReady(Duration timeout, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            requireAlive();
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s" + logTail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Fails with the last lines of the log if the process has exited; called while waiting for readiness. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + " during start" + logTail());
        }
    }

    /** Fails with the last lines of the log if the process exits within {@code period}. */
    void requireSurvives(Duration period) {
        try {
            if (process.waitFor(period.toMillis(), TimeUnit.MILLISECONDS)) {
                requireAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, e);
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL for whatever still runs after a grace period. */
    void stop() {
        stop(process.toHandle(), true, GRACE);
    }

    /**
     * Stops {@code handle} (and its descendants if asked: an app's {@code bash -c} may fork), killing whatever
     * still runs after {@code grace}.
     */
    static void stop(ProcessHandle handle, boolean withDescendants, Duration grace) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(withDescendants ? handle.descendants().toList() : List.of());
        tree.add(0, handle);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (Exception e) {
                p.destroyForcibly();
            }
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
}
