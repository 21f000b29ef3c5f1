package io.citypulse.api.statistics;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Topics of the platform with their end offsets and the speed layer's lag.
 *
 * @param consumerGroup the group whose lag is reported
 * @param totalLag      sum of per-partition lag; null when the group has committed nothing
 */
public record KafkaStatistics(String bootstrapServers, String consumerGroup, @Schema(nullable = true) Long totalLag, List<TopicStats> topics) {

    /** One topic. */
    public record TopicStats(String name, int partitions, long endOffsets, @Schema(nullable = true) Long lag, List<PartitionStats> partitionStats) {
    }

    /**
     * One partition.
     *
     * @param committed the group's committed offset, null when none
     * @param lag       endOffset - committed, null when nothing committed
     */
    public record PartitionStats(int partition, long endOffset, @Schema(nullable = true) Long committed, @Schema(nullable = true) Long lag) {
    }
}
