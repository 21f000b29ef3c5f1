package io.citypulse.generator.publish;

import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.generator.simulate.RecordSink;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the simulator's output to Kafka and accounts for every record: the client retries, then a
 * failure is counted (metric and report), never dropped silently. Called from one thread; the
 * callbacks run on the producer's I/O thread and only touch adders.
 */
public final class KafkaRecordSink implements RecordSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);
    /** One record in 16 is timed: enough for the latency histogram, no lambda per record. */
    private static final int LATENCY_SAMPLE_MASK = 15;

    private final Producer<String, byte[]> producer;
    private final GeneratorMetrics metrics;
    private final Optional<LabelsFile> labelsFile;
    private final String[] topics = new String[SensorType.all().size()];
    private final Callback[] callbacks = new Callback[SensorType.all().size()];
    private final Callback labelCallback;
    private LongSupplier sendTime;
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicBoolean firstFailureLogged = new AtomicBoolean();
    private long attempted;
    private long labels;

    public KafkaRecordSink(Producer<String, byte[]> producer, GeneratorMetrics metrics, Optional<LabelsFile> labelsFile) {
        this.producer = producer;
        this.metrics = metrics;
        this.labelsFile = labelsFile;
        for (SensorType type : SensorType.all()) {
            topics[type.index()] = Topics.readings(type).name();
            callbacks[type.index()] = (metadata, error) -> completed(type, error);
        }
        this.labelCallback = (metadata, error) -> completed(null, error);
    }

    /**
     * Stamps every record with this clock (epoch ms) instead of the producer's: the simulated time of sending, so a
     * city started with a recent past has the Kafka timestamps its sensors would have given it.
     */
    public KafkaRecordSink stampedBy(LongSupplier clock) {
        this.sendTime = clock;
        return this;
    }

    public static KafkaRecordSink connect(String bootstrapServers, GeneratorMetrics metrics, Optional<LabelsFile> labelsFile) {
        return new KafkaRecordSink(new KafkaProducer<>(ProducerProperties.forGenerator(bootstrapServers)), metrics, labelsFile);
    }

    @Override
    public void reading(SensorType type, String sensorId, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics[type.index()], null,
                sendTime == null ? null : sendTime.getAsLong(), sensorId, value);
        Callback callback = callbacks[type.index()];
        if ((attempted++ & LATENCY_SAMPLE_MASK) == 0) {
            long started = System.nanoTime();
            producer.send(record, (metadata, error) -> {
                metrics.latencyNanos(System.nanoTime() - started);
                callback.onCompletion(metadata, error);
            });
        } else {
            producer.send(record, callback);
        }
    }

    @Override
    public void label(InjectionLabel label) {
        attempted++;
        labels++;
        metrics.injected(label.kind());
        labelsFile.ifPresent(file -> file.write(label));
        byte[] value = Topics.GROUND_TRUTH.valueSerde().serializer().serialize(Topics.GROUND_TRUTH.name(), label);
        producer.send(new ProducerRecord<>(Topics.GROUND_TRUTH.name(), null, sendTime == null ? null : sendTime.getAsLong(),
                label.sensorId(), value), labelCallback);
    }

    private void completed(SensorType type, Exception error) {
        if (error == null) {
            acked.increment();
            if (type != null) {
                metrics.sent(type);
            }
            return;
        }
        failed.increment();
        metrics.failed();
        if (firstFailureLogged.compareAndSet(false, true)) {
            LOG.warn("a record failed after the client's retries (counted in citypulse_generator_send_errors_total): {}",
                    error.toString());
        } else {
            LOG.debug("send failed", error);
        }
    }

    /** Blocks until every record handed over so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    public DeliveryReport report() {
        return new DeliveryReport(attempted, acked.sum(), failed.sum(), labels);
    }

    /** Records sent so far (attempted), cheap to read from the sending thread. */
    public long attempted() {
        return attempted;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
        labelsFile.ifPresent(LabelsFile::close);
    }
}
