package io.citypulse.api.anomaly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.config.GrouplessConsumer;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Tails {@code citypulse.anomalies} and broadcasts each anomaly to the SSE subscribers of this replica.
 *
 * <p>No consumer group: every replica assigns itself all partitions from the end, so each one sees every new
 * anomaly and nothing is committed (history is in the anomaly table, paged by /api/v1/anomalies).
 */
@ApplicationScoped
public class AnomalyFeed {

    private static final Logger LOG = Logger.getLogger(AnomalyFeed.class);

    @Inject
    ApiConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;

    private final BroadcastProcessor<AnomalyView> broadcast = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private volatile KafkaConsumer<String, Anomaly> consumer;
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        registry.gauge("citypulse_api_sse_subscribers", subscribers);
        if (!config.anomalyStream().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "citypulse-anomaly-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, Anomaly> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        broadcast.onComplete();
    }

    /** New anomalies from now on; the stream never ends while the API runs. */
    public Multi<AnomalyView> stream() {
        return broadcast.onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }

    /** Open SSE subscriptions on this replica. */
    public int subscribers() {
        return subscribers.get();
    }

    /** True once the consumer sits at the end of every partition, so a subscriber from now on misses nothing. */
    public boolean ready() {
        return assigned;
    }

    private void run() {
        try (KafkaConsumer<String, Anomaly> kafka = new KafkaConsumer<>(properties(),
                Topics.ANOMALIES.keySerde().deserializer(), Topics.ANOMALIES.valueSerde().deserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            partitions.forEach(kafka::position);  // resolve the end offsets now, not lazily at the first poll
            assigned = true;
            LOG.infof("anomaly feed tailing %s (%d partitions)", Topics.ANOMALIES.name(), partitions.size());
            while (running) {
                for (ConsumerRecord<String, Anomaly> record : kafka.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        broadcast.onNext(view(record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // shutdown
        } catch (KafkaException e) {
            LOG.errorf("anomaly feed stopped: %s", e.getMessage());
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, Anomaly> kafka) {
        while (running) {
            try {
                var infos = kafka.partitionsFor(Topics.ANOMALIES.name(), Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("anomaly feed: %s not reachable yet at %s; retrying", Topics.ANOMALIES.name(),
                        config.kafka().bootstrapServers());
            }
        }
        throw new WakeupException();
    }

    private Properties properties() {
        Properties props = GrouplessConsumer.properties(config, "citypulse-api-anomaly-feed");
        // Deliver anomalies as soon as they are written rather than waiting to fill a batch.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        return props;
    }

    AnomalyView view(Anomaly a) {
        String attributes;
        try {
            attributes = json.writeValueAsString(a.attributes());
        } catch (JsonProcessingException e) {
            attributes = "{}";
        }
        return new AnomalyView(a.anomalyId(), a.sensorId(), a.sensorType().wireName(), a.zone(), a.type().name(),
                a.severity().name(), a.windowStart(), a.windowEnd(), a.observedValue(), a.threshold(), a.detectedAt(),
                attributes, a.description());
    }
}
