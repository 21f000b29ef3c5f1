package io.citypulse.api.statistics;

import io.citypulse.api.config.ApiConfig;
import io.citypulse.api.db.Jdbc;
import io.citypulse.api.error.ProblemException;
import io.citypulse.api.web.Params;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topic;
import io.citypulse.contract.topic.Topics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operational statistics: Kafka topics and lag, dead letters, the Parquet lake, pipeline freshness. */
@Path("/api/v1/statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "statistics")
public class StatisticsResource {

    private static final long ADMIN_TIMEOUT_SECONDS = 5;

    @Inject
    KafkaAdmin kafka;
    @Inject
    DeadLetterScan deadLetters;
    @Inject
    ApiConfig config;
    @Inject
    Jdbc jdbc;

    @GET
    @Path("/kafka")
    @Operation(summary = "Platform topics: partitions, end offsets and the speed layer's consumer-group lag")
    public KafkaStatistics kafka() {
        Admin admin = kafka.admin();
        String group = config.kafka().speedLayerGroup();
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<String> names = new TreeSet<>();
            for (Topic<?, ?> topic : Topics.all()) {
                if (existing.contains(topic.name())) {
                    names.add(topic.name());
                }
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions.values().forEach(d -> d.partitions().forEach(p ->
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<KafkaStatistics.TopicStats> topics = new ArrayList<>();
            Long totalLag = null;
            for (String name : names) {
                List<KafkaStatistics.PartitionStats> partitions = new ArrayList<>();
                long endSum = 0;
                Long topicLag = null;
                for (var p : descriptions.get(name).partitions()) {
                    TopicPartition tp = new TopicPartition(name, p.partition());
                    long end = ends.get(tp).offset();
                    OffsetAndMetadata offset = committed.get(tp);
                    Long lag = offset == null ? null : Math.max(0, end - offset.offset());
                    partitions.add(new KafkaStatistics.PartitionStats(p.partition(), end,
                            offset == null ? null : offset.offset(), lag));
                    endSum += end;
                    if (lag != null) {
                        topicLag = (topicLag == null ? 0 : topicLag) + lag;
                    }
                }
                if (topicLag != null) {
                    totalLag = (totalLag == null ? 0 : totalLag) + topicLag;
                }
                topics.add(new KafkaStatistics.TopicStats(name, partitions.size(), endSum, topicLag, partitions));
            }
            return new KafkaStatistics(config.kafka().bootstrapServers(), group, totalLag, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("interrupted while asking Kafka");
        } catch (ExecutionException | TimeoutException e) {
            throw ProblemException.unavailable("Kafka at " + config.kafka().bootstrapServers() + " did not answer: "
                    + (e.getCause() == null ? e.getClass().getSimpleName() : e.getCause().getMessage()));
        }
    }

    @GET
    @Path("/parquet")
    @Operation(summary = "Visible lake objects per partition from the ingest manifest, newest partitions first")
    public ParquetStatistics parquet(@QueryParam("limit") @Parameter(description = "partitions, default 100", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "5000")) String limitText) throws SQLException {
        int limit = Params.intInRange("limit", limitText, 100, 1, 5000);
        List<ParquetStatistics.PartitionStats> partitions = jdbc.query("SELECT dataset, sensor_type, event_date, event_hour, "
                + "count(*) AS files, sum(bytes) AS bytes, sum(rows) AS rows FROM lake_file WHERE removed_at IS NULL "
                + "GROUP BY 1, 2, 3, 4 ORDER BY event_date DESC, event_hour DESC, dataset, sensor_type LIMIT ?",
                rs -> new ParquetStatistics.PartitionStats(rs.getString("dataset"), rs.getString("sensor_type"),
                        rs.getObject("event_date", LocalDate.class), rs.getInt("event_hour"), rs.getLong("files"),
                        rs.getLong("bytes"), rs.getLong("rows")), limit);
        long[] totals = jdbc.queryOne("SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(rows), 0) FROM lake_file "
                + "WHERE removed_at IS NULL", rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).orElseThrow();
        Double bytesPerRow = totals[2] == 0 ? null : (double) totals[1] / totals[2];
        // Over the ingest runs that recorded their source bytes: what the ingest read from Kafka over what it wrote.
        Double compressionRatio = jdbc.queryOne("SELECT sum(r.source) / nullif(sum(u.bytes_written), 0) FROM ingest_run u "
                + "JOIN (SELECT run_id, sum(source_bytes)::double precision AS source, bool_and(source_bytes IS NOT NULL) AS known "
                + "FROM ingest_range GROUP BY run_id) r ON r.run_id = u.run_id "
                + "WHERE u.job = 'ingest' AND u.status = 'committed' AND r.known HAVING sum(u.bytes_written) > 0",
                rs -> rs.getDouble(1)).orElse(null);
        return new ParquetStatistics(config.s3().bucket(), totals[0], totals[1], totals[2], bytesPerRow, compressionRatio,
                partitions);
    }

    @GET
    @Path("/deadletter")
    @Operation(summary = "Records rejected to the dead-letter topic in the last minutes, by reason",
            description = "Read from the topic (Kafka's time index locates the window's start); bounded to "
                    + DeadLetterScan.MAX_RECORDS + " records, beyond which complete is false.")
    public DeadLetterStatistics deadLetter(@QueryParam("minutes") @Parameter(description = "window length, default 60",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1440")) String minutesText) {
        int minutes = Params.intInRange("minutes", minutesText, 60, 1, 1440);
        Instant to = PlatformClock.now();
        return deadLetters.since(to.minus(Duration.ofMinutes(minutes)), to);
    }

    @GET
    @Path("/pipeline")
    @Operation(summary = "Batch horizon, last ingest run and speed-layer freshness")
    public PipelineStatistics pipeline() throws SQLException {
        Instant now = PlatformClock.now();
        var horizon = jdbc.queryOne("SELECT horizon, run_id FROM batch_horizon WHERE id = 1",
                rs -> new Object[] {Jdbc.instant(rs, "horizon"), rs.getString("run_id")});
        // updated_at is PostgreSQL's now() at the write, so its age is taken on that clock, not the data's.
        var speed = jdbc.queryOne("SELECT max(updated_at) AS updated, max(event_time) AS event, count(*) AS n, "
                + "extract(epoch FROM now() - max(updated_at))::double precision AS age FROM rt_latest_reading",
                rs -> new Object[] {Jdbc.instant(rs, "updated"), Jdbc.instant(rs, "event"), rs.getLong("n"),
                        rs.getObject("age") == null ? null : rs.getDouble("age")}).orElseThrow();
        var run = jdbc.queryOne("SELECT * FROM ingest_run ORDER BY started_at DESC, run_id DESC LIMIT 1",
                rs -> new PipelineStatistics.IngestRun(rs.getString("run_id"), rs.getString("job"), rs.getString("status"),
                        Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"), rs.getLong("rows_written"),
                        rs.getLong("rows_quarantined"), rs.getLong("duplicates_dropped"), rs.getLong("bytes_written"),
                        rs.getInt("files_written"), rs.getString("error")));
        Instant h = horizon.map(r -> (Instant) r[0]).orElse(null);
        Instant updated = (Instant) speed[0];
        return new PipelineStatistics(now, h, h == null ? null : seconds(h, now), horizon.map(r -> (String) r[1]).orElse(null),
                updated, (Instant) speed[1], (Double) speed[3], (Long) speed[2],
                run.orElse(null));
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
