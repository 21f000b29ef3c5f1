package io.citypulse.batch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU seconds this JVM's threads used, grouped by kind (Spark task threads, JIT compilers, GC, other), read from
 * {@code /proc/self/task} so the JVM's own native threads count too. Linux only; empty elsewhere.
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private ThreadCpu() {
    }

    static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return seconds;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    seconds.merge(kind(Files.readString(task.resolve("comm")).trim()), cpu, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seconds;
    }

    /** {@code after - before} per kind, formatted for one log line. */
    static String since(Map<String, Double> before) {
        StringBuilder line = new StringBuilder();
        snapshot().forEach((kind, total) -> line.append(String.format(java.util.Locale.ROOT, " %s=%.1fs",
                kind, total - before.getOrDefault(kind, 0.0))));
        return line.toString().trim();
    }

    private static String kind(String threadName) {
        if (threadName.startsWith("Executor task")) {
            return "spark_tasks";
        }
        if (threadName.contains("CompilerThre")) {
            return "jit";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.startsWith("VM Thread")) {
            return "gc";
        }
        return "other";
    }
}
