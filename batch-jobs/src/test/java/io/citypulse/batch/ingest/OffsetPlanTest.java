package io.citypulse.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.ingest.OffsetPlan.PartitionRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetPlanTest {

    @Test
    void aCapCutsEachRangeFromItsStartAndLeavesShortOrEmptyRangesAlone() {
        OffsetPlan plan = new OffsetPlan(List.of(new PartitionRange("t", 0, 100, 1_100), new PartitionRange("t", 1, 40, 90),
                new PartitionRange("t", 2, 7, 7)));

        OffsetPlan capped = plan.capped(500);

        assertThat(capped.ranges()).containsExactly(new PartitionRange("t", 0, 100, 600), new PartitionRange("t", 1, 40, 90),
                new PartitionRange("t", 2, 7, 7));
        assertThat(plan.records()).isEqualTo(1_050);
        assertThat(capped.records()).isEqualTo(550);
        assertThat(capped.capped(1).records()).isEqualTo(2);
    }
}
