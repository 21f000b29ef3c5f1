package io.citypulse.api.bench;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./citypulse bench api}: the packaged API (quarkus-run.jar, prod profile, auth on) in its own JVM over the
 * local stack with 7 days of batch hours and 2 hours of speed minutes for the default catalog, driven over loopback.
 * The sensor endpoint's throughput is reported beside an anchor served by the same process (see PAIRS).
 * Last line: {@code BENCH {"name":"api","figures":{...}}}.
 */
public final class ApiBench {

    private static final String KEY = "bench-key";
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
    /** Closed-loop runs of the sensor endpoint, each followed by one of the anchor. */
    private static final int PAIRS = 3;

    private ApiBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = locateJar();
        SensorCatalog catalog = SensorCatalog.defaultCity();
        List<String> ids = catalog.sensors().stream().map(Sensor::id).toList();
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests())) {
            Instant now = Instant.now();
            Instant horizon = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
            long started = System.nanoTime();
            long rows = BenchFixtures.seed(stack, catalog, horizon, now);
            log("seeded %,d view rows in %.1f s", rows, (System.nanoTime() - started) / 1e9);

            int port = freePort();
            Process api = startApi(jar, stack, port);
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitReady(base, api);
                LoadGenerator load = new LoadGenerator(KEY);
                URI sensorBase = base.resolve("/api/v1/sensors/");
                String from = now.minus(Duration.ofDays(7)).toString();
                String to = now.toString();

                log("warm-up (closed loop, %d connections, 10 s)", CONNECTIONS);
                load.closedLoop(CONNECTIONS, Duration.ofSeconds(10), i -> sensorBase.resolve(ids.get(i % ids.size())));
                load.closedLoop(4, Duration.ofSeconds(5), i -> history(base, ids.get(i % ids.size()), from, to));

                // The anchor: an endpoint of the same process behind the same key check that reads no database
                // (the console's settings), under the same closed loop. Pairs interleaved, so drift hits both.
                URI trivial = base.resolve("/api/v1/console/settings");
                load.closedLoop(CONNECTIONS, Duration.ofSeconds(5), i -> trivial);
                double[] sensorRps = new double[PAIRS];
                double[] trivialRps = new double[PAIRS];
                double[] ratios = new double[PAIRS];
                for (int pair = 0; pair < PAIRS; pair++) {
                    LoadGenerator.Result sensor = load.closedLoop(CONNECTIONS, RUN, i -> sensorBase.resolve(ids.get(i % ids.size())));
                    report("sensor closed loop", sensor);
                    LoadGenerator.Result anchor = load.closedLoop(CONNECTIONS, RUN, i -> trivial);
                    report("anchor: console settings closed loop", anchor);
                    sensorRps[pair] = sensor.rps();
                    trivialRps[pair] = anchor.rps();
                    ratios[pair] = sensor.rps() / anchor.rps();
                }
                LoadGenerator.Result at1k = load.openModel(1000, RUN, i -> sensorBase.resolve(ids.get(i % ids.size())));
                report("sensor open model 1000/s", at1k);
                LoadGenerator.Result history = load.openModel(200, RUN, i -> history(base, ids.get(i % ids.size()), from, to));
                report("history 7d hourly open model 200/s", history);

                System.out.printf(Locale.ROOT, "BENCH {\"name\":\"api\",\"figures\":{\"sensor_rps\":%d,"
                                + "\"trivial_rps\":%d,\"sensor_rps_vs_trivial\":%.2f,"
                                + "\"sensor_p99_ms_at_1k\":%.2f,\"history_p99_ms_at_200\":%.2f}}%n",
                        Math.round(median(sensorRps)), Math.round(median(trivialRps)), median(ratios), at1k.p99Ms(),
                        history.p99Ms());
            } finally {
                api.destroy();
                if (!api.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    api.destroyForcibly();
                }
            }
        }
    }

    private static URI history(URI base, String id, String from, String to) {
        return base.resolve("/api/v1/sensors/" + id + "/history?resolution=hour&from=" + from + "&to=" + to);
    }

    private static Process startApi(Path jar, LocalStack stack, int port) throws Exception {
        Path log = Files.createTempFile("citypulse-api-bench-", ".log");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(stack.environment());
        env.put("CITYPULSE_API_PORT", String.valueOf(port));
        env.put("CITYPULSE_API_HOST", "127.0.0.1");
        env.put("CITYPULSE_API_KEY_SHA256", sha256Hex(KEY));
        log("starting %s on port %d (log %s)", jar, port, log);
        return builder.start();
    }

    private static void awaitReady(URI base, Process api) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!api.isAlive()) {
                throw new IllegalStateException("the API exited with status " + api.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    log("API ready");
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the API was not ready within 90 s");
    }

    private static Path locateJar() {
        for (String candidate : List.of(System.getProperty("citypulse.api.jar", ""), "api/target/quarkus-app/quarkus-run.jar",
                "target/quarkus-app/quarkus-run.jar")) {
            if (!candidate.isEmpty() && Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath();
            }
        }
        throw new IllegalStateException("api/target/quarkus-app/quarkus-run.jar not found: run 'mvn -pl api -am package "
                + "-DskipTests' first (or pass -Dcitypulse.api.jar=PATH)");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String sha256Hex(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(String name, LoadGenerator.Result r) {
        log("%-36s %,8d requests %5d errors %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms", name, r.requests(),
                r.errors(), r.rps(), r.p50Ms(), r.p99Ms(), r.maxMs());
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[api-bench] " + format + "%n", args);
    }
}
