package io.citypulse.localstack;

import io.citypulse.contract.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka, S3, PostgreSQL (and optionally Prometheus + Pushgateway) on 127.0.0.1, provisioned with the
 * contract's topics, the lake bucket and the database schema. Used by {@code ./citypulse up} and by every
 * integration test (through {@link LocalStackExtension}), so both run against the same thing.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackConfig config;
    private final StateDir state;
    private final StateDir.Credentials credentials;
    private final List<Supervisor> apps = new CopyOnWriteArrayList<>();
    private final List<Process> steps = new CopyOnWriteArrayList<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::close, "citypulse-local-stack-shutdown");
    private KafkaNode kafka;
    private S3Node s3;
    private PostgresNode postgres;
    private MetricsNode pushgateway;
    private MetricsNode prometheus;
    private volatile boolean closed;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
        this.state = new StateDir(config.stateDir());
        this.credentials = state.loadOrCreateCredentials();
        state.clearServiceStates();  // restart counts of an earlier `up` do not carry over
    }

    /** Starts every service, provisions it and returns when all are ready; stops what it started if any step fails. */
    public static LocalStack start(LocalStackConfig config) {
        LocalStack stack = new LocalStack(config);
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startInfrastructure();
            stack.provision();
            stack.state.writeEnv(stack.environment());
            stack.state.writeEndpoints(stack.endpoints);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return credentials.s3AccessKey();
    }

    public String s3SecretKey() {
        return credentials.s3SecretKey();
    }

    public String s3Bucket() {
        return config.bucket();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String dbUser() {
        return credentials.dbUser();
    }

    public String dbPassword() {
        return credentials.dbPassword();
    }

    public Optional<URI> prometheusUrl() {
        return Optional.ofNullable(prometheus).map(MetricsNode::url);
    }

    public Optional<URI> pushgatewayUrl() {
        return Optional.ofNullable(pushgateway).map(MetricsNode::url);
    }

    /**
     * The broker's classpath, which also holds Kafka's own tools ({@code org.apache.kafka.tools.ProducerPerformance}
     * and the like): the benches run them beside CityPulse's code as anchors.
     */
    public static String kafkaClasspath() {
        return Jvm.classpath("kafka-broker.classpath");
    }

    /** The variables every CityPulse service reads to find the stack. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CITYPULSE_KAFKA_BOOTSTRAP", kafkaBootstrapServers());
        env.put("CITYPULSE_S3_ENDPOINT", s3Endpoint().toString());
        env.put("CITYPULSE_S3_ACCESS_KEY", s3AccessKey());
        env.put("CITYPULSE_S3_SECRET_KEY", s3SecretKey());
        env.put("CITYPULSE_S3_BUCKET", s3Bucket());
        env.put("CITYPULSE_DB_URL", jdbcUrl());
        env.put("CITYPULSE_DB_USER", dbUser());
        env.put("CITYPULSE_DB_PASSWORD", dbPassword());
        pushgatewayUrl().ifPresent(url -> env.put("CITYPULSE_PUSHGATEWAY_URL", url.toString()));
        prometheusUrl().ifPresent(url -> env.put("CITYPULSE_PROMETHEUS_URL", url.toString()));
        return env;
    }

    /**
     * An app for the stack to run: {@code shellCommand} through {@code bash -c} with {@link #environment()} added,
     * logging to {@code STATE/logs/NAME.log}.
     *
     * @param endpoint     what {@code up} and {@code status} show for it (its port is what {@code status} checks)
     * @param readyUrl     ready once a GET on it answers below 400; without one, once it has run for a second
     * @param readyTimeout how long it may take to become ready
     */
    public record App(String name, String shellCommand, Optional<String> endpoint, Optional<URI> readyUrl,
                      Duration readyTimeout) {
        public App {
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("app name must be letters, digits, '.', '_' or '-', got '" + name + "'");
            }
        }
    }

    /**
     * Starts the apps side by side and returns once each is ready; supervised from then on like the services.
     * Fails with the app's log tail if one exits or is not ready in time (close() then stops everything).
     */
    public void startApps(List<App> wanted) {
        // Not synchronized: close() (Ctrl-C) must be able to stop apps that are still starting.
        List<Supervisor> started = new ArrayList<>();
        for (App app : wanted) {
            if (closed) {
                throw new IllegalStateException("local stack stopped while starting " + app.name());
            }
            ServiceSpec spec = ServiceSpec.of(app.name(), List.of("bash", "-c", app.shellCommand()),
                    Path.of("").toAbsolutePath(), state.log(app.name())).withEnv(environment());
            if (app.readyUrl().isPresent()) {
                spec = spec.readyWhenAnswers(app.readyUrl().get(), app.readyTimeout());
            }
            Supervisor supervisor = Supervisor.launch(spec, RestartPolicy.DEFAULT, state);
            apps.add(supervisor);
            started.add(supervisor);
            endpoints.put(app.name(), app.endpoint().orElse(""));
            state.writeEndpoints(endpoints);
            LOG.info("starting {} (pid {}), log {}", app.name(), supervisor.pid(), state.log(app.name()));
        }
        long begun = System.nanoTime();
        for (int i = 0; i < wanted.size(); i++) {
            started.get(i).awaitFirstReady();
            LOG.info("{} ready in {}", wanted.get(i).name(), seconds(begun));
        }
    }

    /**
     * Runs {@code shellCommand} once in the background (e.g. triggering a first DAG run once Airflow is ready), with
     * {@link #environment()} added; its output is logged line by line, and a failure says so. Stopped by close().
     */
    public void runStep(String name, String shellCommand) {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", shellCommand).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment());
        Thread thread = new Thread(() -> {
            try {
                Process step = builder.start();
                steps.add(step);
                try (var lines = step.inputReader().lines()) {
                    lines.forEach(line -> LOG.info("{}: {}", name, line));
                }
                int code = step.waitFor();
                if (code != 0 && !closed) {
                    LOG.error("{} failed: {} (command: {})", name, ChildProcess.describeExit(code), shellCommand);
                }
            } catch (IOException e) {
                LOG.error("{} could not start: {}", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "citypulse-step-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops apps first, then Prometheus, Pushgateway, Kafka, S3 and PostgreSQL; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> order = new ArrayList<>();
        steps.forEach(step -> order.add(() -> ChildProcess.stop(step.toHandle(), true, Duration.ofSeconds(5))));
        for (int i = apps.size() - 1; i >= 0; i--) {
            order.add(apps.get(i)::stop);
        }
        order.add(prometheus);
        order.add(pushgateway);
        order.add(kafka);
        order.add(s3);
        order.add(postgres);
        for (AutoCloseable node : order) {
            closeQuietly(node);
        }
        state.readPids().keySet().forEach(name -> state.pidFile(name).toFile().delete());
        if (config.ephemeral()) {
            state.deleteAll();
        }
        removeShutdownHook();
        LOG.info("local stack stopped");
    }

    private void startInfrastructure() {
        // The three core services are independent: start them side by side.
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<KafkaNode> kafkaStart = timed(pool, "Kafka", () -> KafkaNode.start(state, config.kafkaPort(), config.readyTimeout()));
            CompletableFuture<S3Node> s3Start = timed(pool, "S3 (s3proxy)", () -> S3Node.start(state, config.s3Port(),
                    credentials.s3AccessKey(), credentials.s3SecretKey(), config.readyTimeout()));
            CompletableFuture<PostgresNode> postgresStart = timed(pool, "PostgreSQL", () -> PostgresNode.start(state,
                    config.postgresPort(), credentials.dbUser(), credentials.dbPassword(), config.readyTimeout()));
            // Wait for all three, keep what started (so close() stops it), then report the first failure.
            CompletableFuture.allOf(kafkaStart, s3Start, postgresStart).exceptionally(e -> null).join();
            kafka = kafkaStart.exceptionally(e -> null).join();
            s3 = s3Start.exceptionally(e -> null).join();
            postgres = postgresStart.exceptionally(e -> null).join();
            join(kafkaStart);
            join(s3Start);
            join(postgresStart);
        } finally {
            pool.shutdown();
        }
        recordNode(KafkaNode.NAME, kafka.pid(), kafka.bootstrapServers());
        recordNode(S3Node.NAME, s3.pid(), s3.endpoint().toString());
        recordNode(PostgresNode.NAME, postgres.pid(), postgres.jdbcUrl());
        if (config.enablePrometheus()) {
            startMetrics();
        }
    }

    private void startMetrics() {
        if (!MetricsNode.installed()) {
            LOG.warn("Prometheus not started: {} or {} is not installed (apt-get install prometheus prometheus-pushgateway)",
                    MetricsNode.PROMETHEUS_BINARY, MetricsNode.PUSHGATEWAY_BINARY);
            return;
        }
        pushgateway = timed("Pushgateway", () -> MetricsNode.startPushgateway(state, config.pushgatewayPort(), config.readyTimeout()));
        recordNode(MetricsNode.PUSHGATEWAY, pushgateway.pid(), pushgateway.url().toString());
        prometheus = timed("Prometheus", () -> MetricsNode.startPrometheus(state, config.prometheusPort(),
                config.prometheusConfig(), pushgateway.url(), config.readyTimeout()));
        recordNode(MetricsNode.PROMETHEUS, prometheus.pid(), prometheus.url().toString());
    }

    private void provision() {
        long started = System.nanoTime();
        kafka.createTopics(Topics.all());
        s3.createBucket(config.bucket());
        postgres.migrate();
        LOG.info("provisioned {} topics, bucket {} and the database schema in {}", Topics.all().size(), config.bucket(),
                seconds(started));
    }

    private void recordNode(String name, long pid, String endpoint) {
        state.writePid(name, pid);
        endpoints.put(name, endpoint);
    }

    private static <T> CompletableFuture<T> timed(ExecutorService pool, String service, Supplier<T> start) {
        return CompletableFuture.supplyAsync(() -> timed(service, start), pool);
    }

    /** Runs one start step with a progress line before and after it. */
    private static <T> T timed(String service, Supplier<T> start) {
        long started = System.nanoTime();
        LOG.info("starting {}...", service);
        T node = start.get();
        LOG.info("{} ready in {}", service, seconds(started));
        return node;
    }

    private static <T> T join(CompletableFuture<T> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: this close() runs from the hook itself.
        }
    }

    private static void closeQuietly(AutoCloseable node) {
        if (node == null) {
            return;
        }
        try {
            node.close();
        } catch (Exception e) {
            LOG.warn("error while stopping a local stack service", e);
        }
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
