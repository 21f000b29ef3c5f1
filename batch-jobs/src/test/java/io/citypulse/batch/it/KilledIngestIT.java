package io.citypulse.batch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.ingest.Failpoint;
import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kill -9 of an ingest mid-write (a task has written its files: failpoint {@code ingest.range-written}) or between
 * publishing its files and committing the manifest ({@code ingest.before-commit}), then a rerun: the lake must
 * equal a clean run's, with no orphan object.
 */
@ExtendWith(LocalStackExtension.class)
class KilledIngestIT {

    private static TestLake lake;
    private static SparkSession spark;

    @BeforeAll
    static void startSpark(LocalStack stack) throws Exception {
        lake = new TestLake(stack);
        spark = lake.spark();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest.range-written", "ingest.before-commit"})
    void rerunAfterKillGivesExactlyTheCleanLake(String failpoint) throws Exception {
        lake.reset(spark);
        List<io.citypulse.contract.event.SensorReading> readings = IngestIT.produceCity(lake);

        Process child = startIngestChild(failpoint);
        try {
            awaitFailpoint(child, failpoint);
            assertThat(lake.count("SELECT count(*) FROM ingest_run WHERE status = 'running'")).isEqualTo(1);
            assertThat(lake.objects(spark)).as("staged or published but uncommitted files").isNotEmpty();
            assertThat(lake.liveFiles(LakePaths.EVENTS)).as("nothing visible before the commit").isEmpty();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(lake.count("SELECT count(*) FROM ingest_offset")).isZero();

        var summary = lake.run(new IngestJob(), spark);

        assertThat(summary.get("runs_aborted")).isEqualTo(1);
        assertThat(summary.get("rows")).isEqualTo(readings.size());
        assertThat(lake.count("SELECT count(*) FROM ingest_run WHERE status = 'aborted'")).isEqualTo(1);
        List<LakeFile> live = new ArrayList<>(lake.liveFiles(LakePaths.EVENTS));
        assertThat(lake.objects(spark)).as("no orphan objects").containsExactlyInAnyOrderElementsOf(
                live.stream().map(LakeFile::key).toList());
        List<String> ids = new ArrayList<>();
        for (LakeFile f : live) {
            spark.read().parquet(lake.store(spark).paths().uri(f.key())).select("event_id").collectAsList()
                    .forEach((Row r) -> ids.add(r.getString(0)));
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(readings.stream().map(r -> r.eventId()).toList());
    }

    private Process startIngestChild(String failpoint) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : System.getProperty("citypulse.spark.opens", "").trim().split("\\s+")) {
            if (!flag.isBlank()) {
                command.add(flag);
            }
        }
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(IngestJob.class.getName());
        command.add("--master");
        command.add("local[2]");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(lake.stack.environment());
        builder.environment().put(Failpoint.VARIABLE, failpoint);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static void awaitFailpoint(Process child, String failpoint) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("FAILPOINT " + failpoint)) {
                // Keep draining the child's output so it never blocks on a full pipe.
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("the ingest child exited or timed out before the failpoint (exit "
                + (child.isAlive() ? "none" : child.exitValue()) + ")");
    }
}
