package io.citypulse.localstack;

import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/** A single-node KRaft Kafka (broker and controller) in its own JVM. */
final class KafkaNode implements AutoCloseable {

    static final String NAME = "kafka";
    /** Kafka's default log.message.timestamp.after.max.ms. */
    private static final Duration FUTURE_TIMESTAMP_TOLERANCE = Duration.ofHours(1);

    private final int port;
    private Supervisor supervisor;

    private KafkaNode(int port) {
        this.port = port;
    }

    /** Formats the storage on first use, starts the broker and waits until it answers describeCluster. */
    static KafkaNode start(StateDir state, int configuredPort, Duration readyTimeout) {
        int port = Ports.claim("Kafka", configuredPort);
        int controllerPort = Ports.claim("Kafka controller", 0);
        Path home = state.dir(NAME);
        Path dataDir = home.resolve("data");
        Path config = writeConfig(home, dataDir, port, controllerPort);
        Path log4j = writeLog4jConfig(home);
        String classpath = LocalStack.kafkaClasspath();
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            ChildProcess.runToCompletion("kafka-storage-format",
                    List.of(Jvm.javaBinary(), "-cp", classpath, "-Dlog4j2.configurationFile=" + log4j,
                            "kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                            "--config", config.toString()),
                    home, state.log(NAME), readyTimeout);
        }
        KafkaNode node = new KafkaNode(port);
        // A restart reuses this command: the same ports (the controller's too) and log directories.
        ServiceSpec spec = ServiceSpec.of(NAME,
                        List.of(Jvm.javaBinary(), "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                                "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath, "kafka.Kafka", config.toString()),
                        home, state.log(NAME))
                .readyWhen("describeCluster on " + node.bootstrapServers(), readyTimeout, since -> node.answers());
        node.supervisor = Supervisor.start(spec, RestartPolicy.DEFAULT, state);
        return node;
    }

    String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return supervisor.pid();
    }

    /** Creates the topics that do not exist yet, replication 1. */
    void createTopics(List<Topic<?, ?>> topics) {
        try (Admin admin = Admin.create(adminProperties())) {
            List<NewTopic> wanted = topics.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList();
            admin.createTopics(wanted).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name, e);
                }
            });
        }
    }

    @Override
    public void close() {
        supervisor.stop();
    }

    private boolean answers() {
        if (!Ports.isListening(port)) {
            return false;  // no AdminClient (and its connection warnings) before the listener is open
        }
        try (Admin admin = Admin.create(adminProperties())) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        // Fail fast while the broker is still starting; the readiness loop retries.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return props;
    }

    private static Path writeConfig(Path home, Path dataDir, int port, int controllerPort) {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + Ports.HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + Ports.HOST + ":" + port + ",CONTROLLER://" + Ports.HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + Ports.HOST + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                // One node: every internal topic has replication 1.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // After a SIGKILL the controller keeps the dead broker's registration until its session times out
                // (default 9 s) and refuses the restarted one until then: a shorter session brings it back sooner.
                "broker.heartbeat.interval.ms=1000",
                "broker.session.timeout.ms=4000",
                // Consumers of tests join at once instead of waiting 3 s for more members.
                "group.initial.rebalance.delay.ms=0",
                // Topics come from the contract's catalog only: a typo fails instead of creating a topic.
                "auto.create.topics.enable=false",
                // A broker refuses timestamps over an hour ahead of its clock; a shifted data clock (PlatformClock)
                // keeps that hour, counted on the data's clock.
                "log.message.timestamp.after.max.ms=" + (FUTURE_TIMESTAMP_TOLERANCE.toMillis()
                        + Math.max(0, PlatformClock.offset().toMillis())),
                "");
        return writeFile(home.resolve("server.properties"), config);
    }

    private static Path writeLog4jConfig(Path home) {
        String config = String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.state.name = state.change.logger",
                "logger.state.level = warn",
                "");
        return writeFile(home.resolve("log4j2.properties"), config);
    }

    private static Path writeFile(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
