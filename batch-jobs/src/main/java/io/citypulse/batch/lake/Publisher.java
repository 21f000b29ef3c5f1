package io.citypulse.batch.lake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a run's staged Parquet files to their final, run-unique keys in the lake layout and describes them
 * for the manifest. The publish plan is written first, so a run killed halfway can be cleaned up. Published
 * files stay invisible until the manifest commit lists them.
 */
public final class Publisher {

    private Publisher() {
    }

    public static List<LakeFile> publish(LakeStore store, String runId) {
        LakePaths paths = store.paths();
        List<String> staged = store.listParquet(paths.stagingKey(runId));
        Map<LakePaths.Partition, Integer> perPartition = new HashMap<>();
        List<String[]> moves = new ArrayList<>();
        List<LakePaths.Partition> partitions = new ArrayList<>();
        for (String key : staged) {
            LakePaths.Partition partition = LakePaths.partitionOf(key)
                    .orElseThrow(() -> new IllegalStateException("staged file outside the lake layout: " + key));
            int n = perPartition.merge(partition, 1, Integer::sum) - 1;
            moves.add(new String[] {key, paths.finalKey(partition, runId, n)});
            partitions.add(partition);
        }
        store.writeLines(paths.planKey(runId), moves.stream().map(m -> m[1]).toList());
        List<LakeFile> files = new ArrayList<>();
        for (int i = 0; i < moves.size(); i++) {
            String target = moves.get(i)[1];
            store.rename(moves.get(i)[0], target);
            LakePaths.Partition p = partitions.get(i);
            files.add(new LakeFile(target, p.dataset(), p.sensorType(), p.date(), p.hour(), store.rowCount(target),
                    store.size(target)));
        }
        return files;
    }
}
