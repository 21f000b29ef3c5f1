package io.citypulse.batch.lake;

import io.citypulse.batch.cli.JobConfig;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake manifest in PostgreSQL (ingest_run, ingest_range, ingest_offset, lake_file): the table of contents
 * of the lake. Every statement is parameterised; every commit is one transaction.
 */
public final class Manifest implements AutoCloseable {

    /** Advisory lock key held by the one lake writer (ingest or compact) at a time: "citypulse-lake". */
    private static final long LAKE_WRITER_LOCK = 0x63697479_6c616b65L;
    /** How long an ingest or a compaction waits for the other to finish (their tasks time out after 30 minutes). */
    public static final Duration LAKE_WRITER_WAIT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(Manifest.class);

    private final Connection db;

    private Manifest(Connection db) {
        this.db = db;
    }

    public static Manifest open(JobConfig config) {
        try {
            return new Manifest(DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + config.dbUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Direct access for the views job's own transactions. */
    public Connection connection() {
        return db;
    }

    /**
     * Takes the lake-writer lock for the life of this connection, waiting up to {@code wait} for another writer to
     * finish: an hourly ingest and the daily compaction may be due at once (the first start of a platform runs both),
     * and one should follow the other, not fail. Holding the lock, any run still marked 'running' is known to be dead
     * (killed or crashed), which makes {@link LakeRecovery} safe.
     */
    public void lockLakeWriter(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        try (PreparedStatement st = db.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, LAKE_WRITER_LOCK);
            while (true) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("another lake writer (ingest or compact) held the lake for more than "
                            + wait.toSeconds() + " s; try again later");
                }
                if (!told) {
                    LOG.info("another lake writer (ingest or compact) is running: waiting up to {} s for it", wait.toSeconds());
                    told = true;
                }
                Thread.sleep(1000);
            }
        } catch (SQLException e) {
            throw failure("take the lake-writer lock", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lake-writer lock", e);
        }
    }

    public void startRun(String runId, String job) {
        update("INSERT INTO ingest_run (run_id, job, status) VALUES (?, ?, 'running')", runId, job);
    }

    public List<String> runningRuns() {
        List<String> ids = new ArrayList<>();
        query("SELECT run_id FROM ingest_run WHERE status = 'running' ORDER BY started_at", rs -> ids.add(rs.getString(1)));
        return ids;
    }

    public void finishRun(String runId, String status, String error) {
        update("UPDATE ingest_run SET status = ?, finished_at = now(), error = ? WHERE run_id = ? AND status = 'running'",
                status, error, runId);
    }

    /** Next offset to ingest per "topic:partition". */
    public Map<String, Long> committedOffsets() {
        Map<String, Long> offsets = new HashMap<>();
        query("SELECT topic, partition, next_offset FROM ingest_offset",
                rs -> offsets.put(rs.getString(1) + ":" + rs.getInt(2), rs.getLong(3)));
        return offsets;
    }

    /** Live (not compacted away) files of one dataset and sensor type, optionally only some dates. */
    public List<LakeFile> liveFiles(String dataset, String sensorType, Collection<LocalDate> dates) {
        List<LakeFile> files = new ArrayList<>();
        String sql = "SELECT path, dataset, sensor_type, event_date, event_hour, rows, bytes FROM lake_file "
                + "WHERE removed_at IS NULL AND dataset = ? AND sensor_type = ?"
                + (dates == null ? "" : " AND event_date = ANY (?)") + " ORDER BY path";
        Object[] params = dates == null ? new Object[] {dataset, sensorType} : new Object[] {dataset, sensorType, dates};
        query(sql, rs -> files.add(lakeFile(rs)), params);
        return files;
    }

    /** Every live file of a dataset. */
    public List<LakeFile> liveFiles(String dataset) {
        List<LakeFile> files = new ArrayList<>();
        query("SELECT path, dataset, sensor_type, event_date, event_hour, rows, bytes FROM lake_file "
                + "WHERE removed_at IS NULL AND dataset = ? ORDER BY path", rs -> files.add(lakeFile(rs)), dataset);
        return files;
    }

    /** Paths compaction replaced recently, whose objects a killed compaction may have left behind. */
    public List<String> recentlyRemovedPaths() {
        List<String> paths = new ArrayList<>();
        query("SELECT path FROM lake_file WHERE removed_at > now() - interval '1 day'", rs -> paths.add(rs.getString(1)));
        return paths;
    }

    /** Ranges of every committed ingest run, or of runs committed within the last {@code windowHours} (> 0). */
    public List<IngestRange> committedRanges(int windowHours) {
        List<IngestRange> ranges = new ArrayList<>();
        query("SELECT r.run_id, r.topic, r.partition, r.from_offset, r.to_offset, r.records, r.rows_written, "
                + "r.rows_quarantined, r.duplicates_dropped, r.max_event_time, r.source_bytes FROM ingest_range r "
                + "JOIN ingest_run u ON u.run_id = r.run_id WHERE u.status = 'committed' "
                + "AND (? <= 0 OR u.finished_at > now() - make_interval(hours => ?)) "
                + "ORDER BY r.topic, r.partition, r.from_offset", rs -> {
                    Timestamp max = rs.getTimestamp(10);
                    ranges.add(new IngestRange(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), max == null ? null : max.toInstant(),
                            rs.getObject(11, Long.class)));
                }, windowHours, windowHours);
        return ranges;
    }

    /**
     * Commits an ingest run in one transaction: its files become visible, its ranges are recorded, the offsets
     * advance (only from where this run started: a concurrent change fails the commit) and the run is committed.
     */
    public void commitIngest(String runId, List<LakeFile> files, List<IngestRange> ranges) {
        inTransaction(() -> {
            insertFiles(runId, files);
            try (PreparedStatement range = db.prepareStatement("INSERT INTO ingest_range (run_id, topic, partition, "
                    + "from_offset, to_offset, records, rows_written, rows_quarantined, duplicates_dropped, max_event_time, "
                    + "source_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (IngestRange r : ranges) {
                    bind(range, runId, r.topic(), r.partition(), r.fromOffset(), r.toOffset(), r.records(), r.rowsWritten(),
                            r.rowsQuarantined(), r.duplicatesDropped(), r.maxEventTime(), r.sourceBytes());
                    range.addBatch();
                }
                range.executeBatch();
            }
            for (IngestRange r : ranges) {
                advanceOffset(runId, r);
            }
            long rows = ranges.stream().mapToLong(IngestRange::rowsWritten).sum();
            long quarantined = ranges.stream().mapToLong(IngestRange::rowsQuarantined).sum();
            long duplicates = ranges.stream().mapToLong(IngestRange::duplicatesDropped).sum();
            long bytes = files.stream().mapToLong(LakeFile::bytes).sum();
            update("UPDATE ingest_run SET status = 'committed', finished_at = now(), rows_written = ?, rows_quarantined = ?, "
                    + "duplicates_dropped = ?, bytes_written = ?, files_written = ? WHERE run_id = ? AND status = 'running'",
                    rows, quarantined, duplicates, bytes, files.size(), runId);
        });
    }

    /** Commits a compaction: new files visible and old ones removed, in one transaction. */
    public void commitCompaction(String runId, List<LakeFile> added, List<LakeFile> removed) {
        inTransaction(() -> {
            insertFiles(runId, added);
            try (PreparedStatement st = db.prepareStatement(
                    "UPDATE lake_file SET removed_at = now() WHERE path = ? AND removed_at IS NULL")) {
                for (LakeFile file : removed) {
                    st.setString(1, file.key());
                    if (st.executeUpdate() != 1) {
                        throw new SQLException(file.key() + " is no longer live: the lake changed during compaction");
                    }
                }
            }
            update("UPDATE ingest_run SET status = 'committed', finished_at = now(), rows_written = ?, bytes_written = ?, "
                    + "files_written = ? WHERE run_id = ? AND status = 'running'",
                    added.stream().mapToLong(LakeFile::rows).sum(), added.stream().mapToLong(LakeFile::bytes).sum(),
                    added.size(), runId);
        });
    }

    private void insertFiles(String runId, List<LakeFile> files) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO lake_file (path, run_id, dataset, sensor_type, "
                + "event_date, event_hour, rows, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (LakeFile f : files) {
                bind(st, f.key(), runId, f.dataset(), f.sensorType(), f.date(), f.hour(), f.rows(), f.bytes());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private void advanceOffset(String runId, IngestRange r) throws SQLException {
        int changed;
        try (PreparedStatement st = db.prepareStatement("UPDATE ingest_offset SET next_offset = ?, run_id = ?, "
                + "updated_at = now() WHERE topic = ? AND partition = ? AND next_offset = ?")) {
            bind(st, r.toOffset(), runId, r.topic(), r.partition(), r.fromOffset());
            changed = st.executeUpdate();
        }
        if (changed == 0) {
            try (PreparedStatement st = db.prepareStatement("INSERT INTO ingest_offset (topic, partition, next_offset, run_id) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                bind(st, r.topic(), r.partition(), r.toOffset(), runId);
                changed = st.executeUpdate();
            }
        }
        if (changed != 1) {
            throw new SQLException(r.topic() + "-" + r.partition() + " no longer starts at offset " + r.fromOffset()
                    + ": another run advanced it");
        }
    }

    /** Runs {@code body} in one transaction; rolls back and rethrows on any failure. */
    public void inTransaction(SqlBody body) {
        try {
            db.setAutoCommit(false);
            try {
                body.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("commit", e);
        }
    }

    public void update(String sql, Object... params) {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            bind(st, params);
            st.executeUpdate();
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    public void query(String sql, RowHandler handler, Object... params) {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    handler.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    /** Binds parameters by Java type: Instant as timestamptz, LocalDate as date, collections of dates as date[]. */
    public void bind(PreparedStatement st, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                st.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (p instanceof LocalDate date) {
                st.setDate(i + 1, Date.valueOf(date));
            } else if (p instanceof Collection<?> values) {
                st.setArray(i + 1, db.createArrayOf("date", values.stream().map(v -> Date.valueOf((LocalDate) v)).toArray()));
            } else {
                st.setObject(i + 1, p);
            }
        }
    }

    private static LakeFile lakeFile(ResultSet rs) throws SQLException {
        return new LakeFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(), rs.getInt(5),
                rs.getLong(6), rs.getLong(7));
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("manifest: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        // Release the lake-writer lock explicitly: the server drops a closed connection's locks only when its
        // backend exits, after close() returned, so a job started right after this one could still find it held.
        try (Statement st = db.createStatement()) {
            st.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            // a broken connection: closing it releases the lock
        }
        try {
            db.close(); // also releases the advisory lock
        } catch (SQLException e) {
            // closing a broken connection: nothing left to release
        }
    }

    /** A JDBC step that may throw SQLException. */
    @FunctionalInterface
    public interface SqlBody {
        void run() throws SQLException;
    }

    /** Handles one result row. */
    @FunctionalInterface
    public interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }
}
