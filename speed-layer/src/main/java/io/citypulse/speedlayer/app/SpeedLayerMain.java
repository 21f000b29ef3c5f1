package io.citypulse.speedlayer.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.observability.MetricsServer;
import io.citypulse.speedlayer.detect.DetectionConfig;
import io.citypulse.speedlayer.detect.SpeedCore;
import io.citypulse.speedlayer.sink.PostgresSink;
import io.citypulse.speedlayer.window.WindowConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point: {@code java -jar citypulse-speed-layer.jar [options]}; every option also has an environment variable. */
@Command(name = "speed-layer", mixinStandardHelpOptions = true,
        description = "Kafka readings -> event-time windows + anomaly rules -> anomalies topic and PostgreSQL views.")
public final class SpeedLayerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayerMain.class);

    @Option(names = "--bootstrap-servers", defaultValue = "${env:CITYPULSE_KAFKA_BOOTSTRAP}", description = "Kafka bootstrap servers")
    String bootstrap;
    @Option(names = "--db-url", defaultValue = "${env:CITYPULSE_DB_URL}", description = "JDBC URL of the serving database")
    String dbUrl;
    @Option(names = "--db-user", defaultValue = "${env:CITYPULSE_DB_USER}")
    String dbUser;
    @Option(names = "--db-password", defaultValue = "${env:CITYPULSE_DB_PASSWORD}", description = "prefer the variable")
    String dbPassword;
    @Option(names = "--group", defaultValue = "${env:CITYPULSE_SPEED_GROUP:-" + SpeedLayerConfig.DEFAULT_GROUP + "}")
    String group;
    @Option(names = "--metrics-port", defaultValue = "${env:CITYPULSE_SPEED_METRICS_PORT:-9102}")
    int metricsPort;
    @Option(names = "--seed", defaultValue = "${env:CITYPULSE_SEED:-" + SensorCatalog.DEFAULT_SEED + "}", description = "catalog seed (as the generator)")
    long seed;
    @Option(names = "--traffic", defaultValue = "" + SensorCatalog.DEFAULT_TRAFFIC)
    int traffic;
    @Option(names = "--weather", defaultValue = "" + SensorCatalog.DEFAULT_WEATHER)
    int weather;
    @Option(names = "--energy", defaultValue = "" + SensorCatalog.DEFAULT_ENERGY)
    int energy;
    @Option(names = "--window", defaultValue = "PT1M", description = "tumbling window (ISO-8601 duration)")
    Duration window;
    @Option(names = "--lateness", defaultValue = "${env:CITYPULSE_SPEED_LATENESS:-PT2M}", description = "allowed lateness")
    Duration lateness;
    @Option(names = "--interval", defaultValue = "PT1S", description = "sensor reporting interval")
    Duration interval;
    @Option(names = "--idle-evict-after", defaultValue = "PT15M")
    Duration idleEvictAfter;
    @Option(names = "--flush-interval", defaultValue = "${env:CITYPULSE_SPEED_FLUSH_INTERVAL:-PT1S}")
    Duration flushInterval;
    @Option(names = "--flush-max-rows", defaultValue = "20000")
    int flushMaxRows;
    @Option(names = "--rules", description = "properties file of rule thresholds (keys: DetectionConfig.KEYS); CITYPULSE_SPEED_RULE_* variables win")
    Path rulesFile;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new SpeedLayerMain());
        cli.registerConverter(Duration.class, Duration::parse);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SpeedLayerConfig config;
        try {
            config = config(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("speed-layer: invalid configuration: " + e.getMessage());
            return 2;
        }
        run(config);
        return 0;
    }

    SpeedLayerConfig config(Map<String, String> env) throws IOException {
        // A bad CITYPULSE_CLOCK_OFFSET or sensor-type folder is a configuration error, named before anything starts.
        PlatformClock.offset(env);
        TypeDeclarations.load(env);
        Map<String, String> overrides = new LinkedHashMap<>();
        if (rulesFile != null) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(rulesFile)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(key -> overrides.put(key, properties.getProperty(key)));
        }
        overrides.putAll(DetectionConfig.fromEnvironment(env));
        return new SpeedLayerConfig(bootstrap, dbUrl, dbUser, dbPassword == null ? "" : dbPassword, group, metricsPort,
                seed, traffic, weather, energy, new WindowConfig(window, lateness, interval, idleEvictAfter),
                DetectionConfig.from(overrides), flushInterval, flushMaxRows);
    }

    /** Runs the service until SIGTERM; returns after the final flush and commit. */
    static void run(SpeedLayerConfig config) throws Exception {
        String instance = "speed-layer-" + UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch stopped = new CountDownLatch(1);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(config.dbUrl());
        pool.setUsername(config.dbUser());
        pool.setPassword(config.dbPassword());
        pool.setMaximumPoolSize(2); // one writer; the second serves checkpoint reads during a rebalance
        pool.setPoolName(instance);
        // One multi-row INSERT per JDBC batch instead of one statement per row: the sink's upserts are batches.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        try (HikariDataSource dataSource = new HikariDataSource(pool);
             MetricsServer metricsServer = MetricsServer.start("0.0.0.0", config.metricsPort(), "speed-layer", () -> true)) {
            PostgresSink sink = new PostgresSink(dataSource, config.consumerGroup());
            SpeedCore core = new SpeedCore(config.windows(), config.rules(), config.catalog());
            SpeedLayerService service = new SpeedLayerService(config, core, KafkaClients.consumer(config, instance),
                    KafkaClients.producer(config, instance), sink, new SpeedMetrics(metricsServer.registry()));
            Thread hook = new Thread(() -> {
                service.stop();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "speed-layer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            LOG.info("{} starting: group {}, {} sensors in the catalog, lateness {}, window {}", instance,
                    config.consumerGroup(), config.catalog().size(), config.windows().lateness(), config.windows().window());
            try (service) {
                service.run();
            } finally {
                stopped.countDown();
            }
        }
    }
}
