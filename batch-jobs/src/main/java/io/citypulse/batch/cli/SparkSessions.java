package io.citypulse.batch.cli;

import io.citypulse.batch.lake.LakeParquet;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every job uses: S3A against the configured endpoint, Parquet tuned for the lake as the
 * ingest writes it ({@link LakeParquet}), so compaction rewrites files in the same format.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * A session for {@code appName}; {@code master} may be null when spark-submit sets it.
     * Settings that matter for correctness or size carry a why-comment.
     */
    public static SparkSession create(String appName, String master, JobConfig config) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (master != null) {
            builder.master(master);
        }
        String endpoint = config.s3Endpoint().toString();
        return builder
                // Every date, hour and day in the lake and the views is UTC.
                .config("spark.sql.session.timeZone", "UTC")
                // Small local shuffles: the default 200 partitions would be 200 tiny tasks.
                .config("spark.sql.shuffle.partitions", "8")
                .config("spark.ui.enabled", "false")
                // Parquet: zstd, INT64 timestamps (not legacy INT96) so delta encoding and other readers work.
                .config("spark.sql.parquet.compression.codec", "zstd")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
                // Writer v2 pages: DELTA_BINARY_PACKED for times/seq/offsets, DELTA_BYTE_ARRAY for event ids.
                .config("spark.hadoop.parquet.writer.version", "v2")
                // Measures with 0.01 precision have many distinct values: a bigger dictionary keeps them encoded.
                .config("spark.hadoop.parquet.dictionary.page.size", String.valueOf(LakeParquet.DICTIONARY_PAGE_BYTES))
                .config("spark.hadoop.parquet.block.size", String.valueOf(LakeParquet.ROW_GROUP_BYTES))
                // We list files from the manifest: no _SUCCESS markers, and the v2 committer saves one copy per file.
                .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
                .config("spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version", "2")
                .config("spark.sql.sources.partitionOverwriteMode", "static")
                // S3A against MinIO / s3proxy: explicit endpoint and credentials, path-style buckets.
                .config("spark.hadoop.fs.s3a.endpoint", endpoint)
                .config("spark.hadoop.fs.s3a.path.style.access", "true")
                .config("spark.hadoop.fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https")))
                .config("spark.hadoop.fs.s3a.access.key", config.s3AccessKey())
                .config("spark.hadoop.fs.s3a.secret.key", config.s3SecretKey())
                .config("spark.hadoop.fs.s3a.aws.credentials.provider",
                        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
                .config("spark.hadoop.fs.s3a.endpoint.region", "us-east-1")
                .config("spark.hadoop.fs.s3a.change.detection.mode", "none")
                .config("spark.hadoop.fs.s3a.fast.upload.buffer", "bytebuffer")
                // Each open lake file holds one upload block of this size in direct memory, and released blocks
                // count against the JVM's direct-memory limit until collected: the 64M default ran a recent-past
                // ingest out of it. Lake files are mostly smaller; bigger ones go up as 8M multipart parts.
                .config("spark.hadoop.fs.s3a.multipart.size", "8M")
                // Every object write would otherwise also delete the "directory" markers above it: one more request
                // per file. Markers are harmless to Hadoop 3.3+ readers, and the lake is listed from the manifest.
                .config("spark.hadoop.fs.s3a.directory.marker.retention", "keep")
                .getOrCreate();
    }
}
