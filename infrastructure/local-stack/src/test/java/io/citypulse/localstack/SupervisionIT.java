package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher ({@code citypulse-local-stack.jar up}, as {@code ./citypulse up} runs it) with apps; its
 * processes are killed with SIGKILL as a chaos test would, and must come back on their ports with their data.
 */
class SupervisionIT {

    private static final Path LAUNCHER = Path.of("target/citypulse-local-stack.jar");
    private static final String KILLED = "killed by SIGKILL (exit code 137)";

    @TempDir
    Path stateDir;
    private Process launcher;
    private Path launcherLog;

    @BeforeEach
    void packaged() {
        assertThat(LAUNCHER).as("run through `mvn verify`: the IT needs the shaded jar").exists();
    }

    @AfterEach
    void down() throws Exception {
        if (launcher != null) {
            Process down = cli("down", "--state-dir", stateDir.toString()).start();
            assertThat(down.waitFor(120, TimeUnit.SECONDS)).isTrue();
            launcher.waitFor(60, TimeUnit.SECONDS);
            launcher.destroyForcibly();
        }
    }

    @Test
    void restartsKilledServicesAndAppsOnTheirPortsWithTheirDataAndGivesUpOnACrashLoop() throws Exception {
        int webPort = Ports.claim("web", 0);
        String web = "http://127.0.0.1:" + webPort + "/";
        up("--app", "web=exec python3 -m http.server " + webPort + " --bind 127.0.0.1", "--app-url", "web=" + web,
                "--app-ready", "web=" + web,
                "--app", "crashy=sleep 2; echo 'crashy: cannot open its database' >&2; exit 3");
        awaitLog("local stack ready", Duration.ofSeconds(180));
        StateDir state = new StateDir(stateDir);
        Map<String, String> env = stackEnv();
        writeData(env);
        Map<String, Long> before = state.readPids();

        List<String> victims = List.of("web", "kafka", "postgres", "s3");
        for (String name : victims) {
            ProcessHandle.of(before.get(name)).orElseThrow().destroyForcibly();  // SIGKILL
        }

        await("every killed component up again with one restart", Duration.ofSeconds(90), () -> victims.stream()
                .allMatch(name -> statusLine(name).matches(name + " +up .*\\(restarts: 1; last exit: " + Pattern.quote(KILLED) + " after .*")));
        Map<String, Long> after = state.readPids();
        for (String name : victims) {
            assertThat(after.get(name)).as(name + " runs as a new process").isNotEqualTo(before.get(name));
            assertThat(launcherLog()).contains(name + " (pid " + before.get(name) + ") " + KILLED)
                    .contains(name + " is back (pid " + after.get(name) + ")");
            assertThat(Files.readString(state.log(name))).contains("citypulse launcher: " + name + " (pid "
                    + before.get(name) + ") " + KILLED);
        }
        assertThat(HttpProbe.status(URI.create(web))).isEqualTo(200);
        assertThat(stackEnv()).isEqualTo(env);  // same ports, same credentials
        assertThat(readData(env)).containsExactly("kafka: survives", "postgres: survives", "s3: survives");

        await("crashy given up", Duration.ofSeconds(90), () -> statusLine("crashy").startsWith("crashy       failed"));
        assertThat(statusLine("crashy")).matches("crashy +failed +\\(restarts: 4; last exit: exit code 3 after [0-9.]+ s up;"
                + " exited 5 times in a row within 60 s of starting; not restarting it again\\)");
        assertThat(launcherLog()).contains("ERROR crashy failed: exit code 3 after")
                .contains("it exited 5 times in a row within 60 s of starting; not restarting it again");
        assertThat(Files.readString(state.log("crashy"))).contains("crashy: cannot open its database");
    }

    @Test
    void anAppThatNeverAnswersItsReadyUrlFailsUpNamingTheUrlAndStopsTheStack() throws Exception {
        int port = Ports.claim("mute", 0);
        up("--ready-timeout", "3", "--app", "mute=exec sleep 600", "--app-ready", "mute=http://127.0.0.1:" + port + "/health");

        assertThat(launcher.waitFor(180, TimeUnit.SECONDS)).as("up gives up").isTrue();
        assertThat(launcher.exitValue()).isEqualTo(1);
        assertThat(launcherLog()).contains("error: mute not ready after 3 s (GET http://127.0.0.1:" + port
                + "/health answering below 400)").doesNotContain("local stack ready");
        Map<String, Long> pids = new StateDir(stateDir).readPids();
        assertThat(pids.values()).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        launcher = null;
    }

    private void up(String... appArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("up", "--state-dir", stateDir.toString(), "--no-prometheus"));
        args.addAll(List.of(appArgs));
        launcherLog = stateDir.resolve("launcher.out");
        ProcessBuilder builder = cli(args.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(launcherLog.toFile());
        for (String service : List.of("KAFKA", "S3", "POSTGRES")) {
            builder.environment().put("CITYPULSE_" + service + "_PORT", "0");
        }
        launcher = builder.start();
    }

    private static ProcessBuilder cli(String... args) {
        List<String> command = new ArrayList<>(List.of(Jvm.javaBinary(), "-jar", LAUNCHER.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private String statusLine(String component) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusCommand.report(new StateDir(stateDir), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(component + " ")).findFirst().orElse("");
    }

    private String launcherLog() throws IOException {
        return Files.readString(launcherLog);
    }

    private void awaitLog(String text, Duration timeout) throws Exception {
        await("'" + text + "' in the launcher output", timeout, () -> {
            try {
                return launcherLog().contains(text);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || !launcher.isAlive()) {
                ByteArrayOutputStream status = new ByteArrayOutputStream();
                StatusCommand.report(new StateDir(stateDir), new PrintStream(status, true, StandardCharsets.UTF_8));
                throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s\nstatus:\n" + status
                        + "launcher output:\n" + launcherLog());
            }
            Thread.sleep(250);
        }
    }

    private Map<String, String> stackEnv() throws IOException {
        return Files.readAllLines(new StateDir(stateDir).envFile()).stream().filter(l -> l.contains("=") && !l.startsWith("#"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    }

    private static void writeData(Map<String, String> env) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", env.get("CITYPULSE_KAFKA_BOOTSTRAP")))) {
            admin.createTopics(List.of(new NewTopic("supervision-it", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("CITYPULSE_KAFKA_BOOTSTRAP"));
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            kafka.send(new ProducerRecord<>("supervision-it", "kafka", "survives")).get(30, TimeUnit.SECONDS);
        }
        try (Connection db = DriverManager.getConnection(env.get("CITYPULSE_DB_URL"), env.get("CITYPULSE_DB_USER"),
                env.get("CITYPULSE_DB_PASSWORD"))) {
            db.createStatement().execute("CREATE TABLE supervision_it (note text); INSERT INTO supervision_it VALUES ('survives')");
        }
        byte[] content = "survives".getBytes(StandardCharsets.UTF_8);
        try (MinioClient s3 = s3(env)) {
            s3.putObject(PutObjectArgs.builder().bucket(env.get("CITYPULSE_S3_BUCKET")).object("supervision-it")
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
        }
    }

    private static List<String> readData(Map<String, String> env) throws Exception {
        List<String> found = new ArrayList<>();
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("CITYPULSE_KAFKA_BOOTSTRAP"));
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("supervision-it", 0);
            kafka.assign(List.of(partition));
            kafka.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                kafka.poll(Duration.ofMillis(500)).forEach(r -> found.add(r.key() + ": " + r.value()));
            }
        }
        try (Connection db = DriverManager.getConnection(env.get("CITYPULSE_DB_URL"), env.get("CITYPULSE_DB_USER"),
                env.get("CITYPULSE_DB_PASSWORD"));
             ResultSet rows = db.createStatement().executeQuery("SELECT note FROM supervision_it")) {
            while (rows.next()) {
                found.add("postgres: " + rows.getString(1));
            }
        }
        try (MinioClient s3 = s3(env); InputStream in = s3.getObject(GetObjectArgs.builder()
                .bucket(env.get("CITYPULSE_S3_BUCKET")).object("supervision-it").build())) {
            found.add("s3: " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return found;
    }

    private static MinioClient s3(Map<String, String> env) {
        return MinioClient.builder().endpoint(env.get("CITYPULSE_S3_ENDPOINT"))
                .credentials(env.get("CITYPULSE_S3_ACCESS_KEY"), env.get("CITYPULSE_S3_SECRET_KEY")).region("us-east-1").build();
    }
}
