package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out: speed layers in one consumer group share the reading partitions, and rebalances lose and duplicate
 * nothing. The input is appended live, a slice at a steady pace, while instance A runs; B and C join (the
 * cooperative rebalance moves partitions from A), B leaves on SIGTERM (its partitions are flushed and move), C is
 * killed with SIGKILL and fresh D joins (C's partitions move after the session timeout and are replayed from their
 * checkpoints). Once all is checkpointed, the sinks must equal row for row those of one uninterrupted instance over
 * the same topics. That reference runs second: the live feed is what keeps records unprocessed while partitions
 * move (pre-loaded, the input is consumed faster than an instance joins), and the reference needs all of it.
 *
 * <p>The feed runs at most {@link #AHEAD} slices (longer than a rebalance, far short of the input) past the last
 * event, so every move happens mid-stream; to make sure it did, the instances' logs must show, for each event,
 * partitions resumed from a checkpoint below their final end offset.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerScaleOutIT {

    private static final String GROUP = "scale-out-it-group";
    private static final String REFERENCE_GROUP = "scale-out-it-single";
    private static final int MINUTES = 240;
    /** One event-minute of the input (30 sensors, 1800 readings) per slice. */
    private static final int SLICES = MINUTES;
    private static final Duration SLICE_PACE = Duration.ofMillis(100);
    /** Slices the feed may run ahead of the last event: longer than a rebalance takes, short of the whole input. */
    private static final int AHEAD = 80;
    /** Slices A processes alone before B and C join. */
    private static final int JOIN_AT = 10;
    private static final Pattern STARTING = Pattern.compile("(speed-layer-[0-9a-f]{8}) starting");
    private static final Pattern RESUMED = Pattern.compile("assigned (\\S+): restored state, resuming at offset (\\d+)");

    @Test
    void instancesJoiningLeavingAndKilledEndExactlyLikeOneUninterruptedInstance(LocalStack stack) throws Exception {
        ItSupport.clearSinks(stack);
        Map<TopicPartition, Long> before = ItSupport.readingEndOffsetsByPartition(stack);
        long base = before.values().stream().mapToLong(Long::longValue).sum();
        int partitions = before.size();
        List<Instance> instances = new ArrayList<>();
        try (LiveFeed feed = new LiveFeed(stack, new SeededInput(MINUTES, 7).records);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            Instance a = Instance.start(stack, "A", instances);
            awaitGroup(admin, partitions, a);
            feed.release(JOIN_AT);
            awaitCheckpointed(stack, base + feed.recordsIn(JOIN_AT));
            Event joined = Event.at(stack, base, feed, "B and C join", instances);
            Instance b = Instance.start(stack, "B", instances);
            Instance c = Instance.start(stack, "C", instances);
            // Their JVMs take seconds to start: the feed resumes only once they are about to join, so A is busy.
            await().atMost(Duration.ofSeconds(60)).until(() -> b.clientId() != null && c.clientId() != null);
            feed.release(feed.appendedSlices() + AHEAD);
            awaitGroup(admin, partitions, a, b, c);
            feed.release(feed.appendedSlices() + AHEAD);

            awaitCheckpointed(stack, base + feed.appendedRecords());
            Event left = Event.at(stack, base, feed, "B leaves on SIGTERM", instances);
            ItSupport.assertExitAfterSigterm(b.process());
            awaitGroup(admin, partitions, a, c);
            feed.release(feed.appendedSlices() + AHEAD);

            awaitCheckpointed(stack, base + feed.appendedRecords());
            Event killed = Event.at(stack, base, feed, "C killed -9, D joins", instances);
            c.process().kill();
            Instance d = Instance.start(stack, "D", instances);
            awaitGroup(admin, partitions, a, d);
            feed.release(SLICES);

            await().atMost(Duration.ofSeconds(60)).until(feed::done);
            Map<String, Long> ends = new HashMap<>(); // by partition name, as the logs write it
            ItSupport.readingEndOffsetsByPartition(stack).forEach((partition, offset) -> ends.put(partition.toString(), offset));
            long end = ends.values().stream().mapToLong(Long::longValue).sum();
            awaitCheckpointed(stack, end);
            Event stopped = Event.at(stack, base, feed, "all checkpointed, A and D stop", instances);
            ItSupport.assertExitAfterSigterm(a.process());
            ItSupport.assertExitAfterSigterm(d.process());
            System.out.printf("%s: %d records appended live after %d already in the topics%n", GROUP, end - base, base);

            assertThat(joined.movedMidStream(left, ends, b, c)).as("partitions B and C took over from A mid-stream").isNotEmpty();
            assertThat(left.movedMidStream(killed, ends, a, c)).as("B's partitions taken over mid-stream").isNotEmpty();
            assertThat(killed.movedMidStream(stopped, ends, a, d)).as("C's partitions taken over mid-stream").isNotEmpty();
            ItSupport.SinkRows scaledOut = ItSupport.sinkRows(stack);

            ItSupport.clearSinks(stack);
            ItSupport.runToEnd(stack, REFERENCE_GROUP, end, List.of());
            ItSupport.SinkRows reference = ItSupport.sinkRows(stack);
            System.out.printf("%s: %d anomalies, %d minute aggregates, %d latest readings%n", REFERENCE_GROUP,
                    reference.anomalies().size(), reference.aggregates().size(), reference.latest().size());
            assertThat(reference.aggregates()).hasSizeGreaterThan(30 * (MINUTES - 5));
            assertThat(reference.anomalies()).isNotEmpty();
            assertThat(reference.latest()).hasSizeGreaterThanOrEqualTo(30);
            ItSupport.assertSinksEqual(stack, scaledOut);
        } finally {
            for (Instance instance : instances) {
                instance.process().close();
            }
        }
    }

    private static void awaitCheckpointed(LocalStack stack, long offsets) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> ItSupport.checkpointed(stack, GROUP) >= offsets);
    }

    /** Waits until the group is stable, made of exactly {@code members}, and they own all partitions between them. */
    private static void awaitGroup(Admin admin, int partitions, Instance... members) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e.getCause() instanceof GroupIdNotFoundException).until(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
            Set<String> expected = new HashSet<>();
            for (Instance member : members) {
                expected.add(member.clientId());
            }
            Set<String> actual = group.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet());
            int owned = group.members().stream().mapToInt(member -> member.assignment().topicPartitions().size()).sum();
            return group.groupState() == GroupState.STABLE && actual.equals(expected) && owned == partitions;
        });
    }

    /** One speed layer of the group, with its own log. */
    private record Instance(String name, SpeedLayerProcess process, Path log) {

        static Instance start(LocalStack stack, String name, List<Instance> started) throws IOException {
            Path log = SpeedLayerProcess.logFile(GROUP + "-" + name);
            Files.deleteIfExists(log); // only this run's lines: the log is parsed
            Instance instance = new Instance(name, SpeedLayerProcess.start(stack, log, ItSupport.speedLayerArgs(GROUP)), log);
            started.add(instance);
            return instance;
        }

        /** The Kafka client id it logs at start ("speed-layer-1a2b3c4d starting: ..."); null before. */
        String clientId() throws IOException {
            Matcher matcher = STARTING.matcher(Files.exists(log) ? Files.readString(log) : "");
            return matcher.find() ? matcher.group(1) : null;
        }

        long logLength() throws IOException {
            return Files.exists(log) ? Files.size(log) : 0;
        }

        /** The partitions it restored from a checkpoint between two lengths of its log. */
        Stream<Resumed> resumedBetween(long from, long to) throws IOException {
            String text = Files.readString(log);
            Matcher matcher = RESUMED.matcher(text.substring((int) from, (int) to));
            List<Resumed> resumed = new ArrayList<>();
            while (matcher.find()) {
                resumed.add(new Resumed(name, matcher.group(1), Long.parseLong(matcher.group(2))));
            }
            return resumed.stream();
        }
    }

    private record Resumed(String instance, String partition, long offset) {
        @Override
        public String toString() {
            return instance + ":" + partition + "@" + offset;
        }
    }

    /** A step of the scenario: where the instances' logs stood when it began. */
    private record Event(String name, Map<String, Long> logLengths) {

        static Event at(LocalStack stack, long base, LiveFeed feed, String name, List<Instance> instances) throws Exception {
            long appended = feed.appendedRecords();
            System.out.printf("%s: %s; %d of %d records appended, %d checkpointed%n", GROUP, name, appended,
                    feed.totalRecords(), ItSupport.checkpointed(stack, GROUP) - base);
            Map<String, Long> lengths = new HashMap<>();
            for (Instance instance : instances) {
                lengths.put(instance.name(), instance.logLength());
            }
            return new Event(name, lengths);
        }

        /** Partitions the heirs restored from a checkpoint up to the next event, with records left to process. */
        List<Resumed> movedMidStream(Event next, Map<String, Long> ends, Instance... heirs) throws IOException {
            List<Resumed> resumed = new ArrayList<>();
            for (Instance heir : heirs) {
                heir.resumedBetween(logLengths.getOrDefault(heir.name(), 0L), next.logLengths().get(heir.name()))
                        .forEach(resumed::add);
            }
            List<Resumed> midStream = resumed.stream().filter(r -> r.offset() < ends.get(r.partition())).toList();
            System.out.printf("%s: %s: resumed from checkpoints %s (%d of them with records left)%n", GROUP, name,
                    resumed, midStream.size());
            return midStream;
        }
    }

    /**
     * Appends the input in equal slices, one per {@link #SLICE_PACE}, but never past the slices released so far:
     * a live stream the scenario can hold back until its next event.
     */
    private static final class LiveFeed implements AutoCloseable {

        private final List<List<SeededInput.Input>> slices = new ArrayList<>();
        private final KafkaProducer<String, byte[]> producer;
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final ScheduledFuture<?> task;
        private volatile int released;
        private volatile int appendedSlices;
        private volatile long appendedRecords;

        LiveFeed(LocalStack stack, List<SeededInput.Input> records) {
            int size = (records.size() + SLICES - 1) / SLICES;
            for (int from = 0; from < records.size(); from += size) {
                slices.add(records.subList(from, Math.min(records.size(), from + size)));
            }
            producer = ItSupport.producer(stack);
            task = pacer.scheduleAtFixedRate(this::appendNext, 0, SLICE_PACE.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void appendNext() {
            if (appendedSlices < Math.min(released, slices.size())) {
                List<SeededInput.Input> slice = slices.get(appendedSlices);
                ItSupport.send(producer, slice);
                appendedRecords += slice.size();
                appendedSlices++;
            }
        }

        void release(int upTo) {
            released = Math.max(released, upTo);
        }

        int appendedSlices() throws ExecutionException, InterruptedException {
            if (task.isDone()) {
                task.get(); // rethrows what stopped the feed
            }
            return appendedSlices;
        }

        long appendedRecords() {
            return appendedRecords;
        }

        /** Records in the first {@code count} slices. */
        long recordsIn(int count) {
            return slices.stream().limit(count).mapToLong(List::size).sum();
        }

        long totalRecords() {
            return recordsIn(slices.size());
        }

        boolean done() throws ExecutionException, InterruptedException {
            return appendedSlices() == slices.size();
        }

        @Override
        public void close() {
            pacer.shutdownNow();
            producer.close();
        }
    }
}
