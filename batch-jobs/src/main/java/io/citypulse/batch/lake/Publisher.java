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
        // Each move is a server-side copy plus a footer read: independent round trips, so a few run at once.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(8, moves.size())));
        try {
            List<java.util.concurrent.Future<LakeFile>> futures = new ArrayList<>();
            for (int i = 0; i < moves.size(); i++) {
                String source = moves.get(i)[0];
                String target = moves.get(i)[1];
                LakePaths.Partition p = partitions.get(i);
                futures.add(pool.submit(() -> {
                    store.rename(source, target);
                    return new LakeFile(target, p.dataset(), p.sensorType(), p.date(), p.hour(), store.rowCount(target),
                            store.size(target));
                }));
            }
            List<LakeFile> files = new ArrayList<>();
            for (java.util.concurrent.Future<LakeFile> future : futures) {
                try {
                    files.add(future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                }
            }
            return files;
        } finally {
            pool.shutdownNow();
        }
    }
}
