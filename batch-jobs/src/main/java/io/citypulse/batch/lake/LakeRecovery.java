package io.citypulse.batch.lake;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after lake writers that died: runs still marked 'running' lose every object they created
 * (staged or already published, per their publish plan) and are marked 'aborted'. Call it holding the
 * lake-writer lock, before writing anything.
 */
public final class LakeRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(LakeRecovery.class);

    private LakeRecovery() {
    }

    /** Returns how many dead runs were aborted. */
    public static int recover(Manifest manifest, LakeStore store) {
        LakePaths paths = store.paths();
        List<String> dead = manifest.runningRuns();
        for (String runId : dead) {
            int deleted = deleteObjectsOf(store, runId);
            manifest.finishRun(runId, "aborted", "found running at the start of a later run: killed or crashed");
            LOG.warn("aborted dead run {}: deleted {} published and all staged objects", runId, deleted);
        }
        // Under the lock nothing else is staging: whatever is left is debris of finished runs.
        store.delete(paths.stagingRoot());
        // A compaction killed between its commit and deleting the replaced objects leaves them behind.
        for (String key : manifest.recentlyRemovedPaths()) {
            if (store.exists(key)) {
                store.delete(key);
            }
        }
        return dead.size();
    }

    /**
     * Deletes every object an uncommitted run created: the final keys of its publish plan, the keys it marked
     * pending, and its staging prefix. Returns how many final keys it deleted.
     */
    public static int deleteObjectsOf(LakeStore store, String runId) {
        LakePaths paths = store.paths();
        List<String> keys = new ArrayList<>(store.readLines(paths.planKey(runId)));
        String pending = paths.pendingPrefix(runId);
        store.list(pending).forEach(marker -> keys.add(marker.substring(pending.length())));
        keys.forEach(store::delete);
        store.delete(paths.stagingKey(runId));
        return keys.size();
    }
}
