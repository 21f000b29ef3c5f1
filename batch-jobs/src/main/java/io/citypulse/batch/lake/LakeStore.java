package io.citypulse.batch.lake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Object operations on the lake bucket through Hadoop's S3A file system (the same client Spark writes with). */
public final class LakeStore {

    private final LakePaths paths;
    private final Configuration conf;
    private final FileSystem fs;

    public LakeStore(LakePaths paths, Configuration conf) {
        this.paths = paths;
        this.conf = conf;
        try {
            this.fs = FileSystem.get(URI.create("s3a://" + paths.bucket() + "/"), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lake bucket " + paths.bucket(), e);
        }
    }

    public LakePaths paths() {
        return paths;
    }

    private Path path(String key) {
        return new Path(paths.uri(key));
    }

    /** Keys of every Parquet file below {@code prefix}, in key order; empty if the prefix does not exist. */
    public List<String> listParquet(String prefix) {
        return list(prefix).stream().filter(key -> key.endsWith(".parquet")).toList();
    }

    /** Keys of every object below {@code prefix}, in key order; empty if the prefix does not exist. */
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        String rootUri = paths.uri("");
        try {
            if (!fs.exists(path(prefix))) {
                return keys;
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(path(prefix), true);
            while (files.hasNext()) {
                keys.add(files.next().getPath().toString().substring(rootUri.length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    /** Immediate child names of a prefix. */
    public List<String> children(String prefix) {
        List<String> names = new ArrayList<>();
        try {
            if (fs.exists(path(prefix))) {
                for (var status : fs.listStatus(path(prefix))) {
                    names.add(status.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix, e);
        }
        return names;
    }

    public boolean exists(String key) {
        try {
            return fs.exists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + key, e);
        }
    }

    public long size(String key) {
        try {
            return fs.getFileStatus(path(key)).getLen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + key, e);
        }
    }

    /** Row count from the Parquet footer. */
    public long rowCount(String key) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path(key), conf))) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of " + key, e);
        }
    }

    public void rename(String fromKey, String toKey) {
        try {
            if (!fs.rename(path(fromKey), path(toKey))) {
                throw new IOException("rename returned false");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + fromKey + " to " + toKey, e);
        }
    }

    /** Deletes a file or a whole prefix; absent is fine. */
    public void delete(String key) {
        try {
            fs.delete(path(key), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key, e);
        }
    }

    public void writeLines(String key, List<String> lines) {
        try (FSDataOutputStream out = fs.create(path(key), true)) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key, e);
        }
    }

    /** Lines of a small text object, empty if it does not exist. */
    public List<String> readLines(String key) {
        List<String> lines = new ArrayList<>();
        if (!exists(key)) {
            return lines;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(path(key)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        return lines;
    }
}
