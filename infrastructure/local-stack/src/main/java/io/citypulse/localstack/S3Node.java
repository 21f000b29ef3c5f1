package io.citypulse.localstack;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** s3proxy with the filesystem backend in its own JVM: the S3 API that MinIO serves in production. */
final class S3Node implements AutoCloseable {

    static final String NAME = "s3";

    private final Supervisor supervisor;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private S3Node(Supervisor supervisor, URI endpoint, String accessKey, String secretKey) {
        this.supervisor = supervisor;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Starts s3proxy storing objects under {@code STATE/s3/data} and waits until it answers HTTP (any status: 403 is fine). */
    static S3Node start(StateDir state, int configuredPort, String accessKey, String secretKey, Duration readyTimeout) {
        int port = Ports.claim("S3 (s3proxy)", configuredPort);
        URI endpoint = URI.create("http://" + Ports.HOST + ":" + port);
        Path home = state.dir(NAME);
        Path config = writeConfig(home, state.dir(NAME + "/data"), endpoint, accessKey, secretKey);
        ServiceSpec spec = ServiceSpec.of(NAME,
                        List.of(Jvm.javaBinary(), "-Xmx512m", "-Djava.awt.headless=true",
                                "-jar", Jvm.classpath("s3proxy.classpath"), "--properties", config.toString()),
                        home, state.log(NAME))
                .readyWhen("any HTTP answer from " + endpoint, readyTimeout, since -> HttpProbe.status(endpoint) > 0);
        return new S3Node(Supervisor.start(spec, RestartPolicy.DEFAULT, state), endpoint, accessKey, secretKey);
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return supervisor.pid();
    }

    /** Creates {@code bucket} unless it exists. */
    void createBucket(String bucket) {
        try (MinioClient client = MinioClient.builder().endpoint(endpoint.toString())
                .credentials(accessKey, secretKey).region("us-east-1").build()) {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bucket " + bucket + " on " + endpoint, e);
        }
    }

    @Override
    public void close() {
        supervisor.stop();
    }

    private static Path writeConfig(Path home, Path dataDir, URI endpoint, String accessKey, String secretKey) {
        String config = String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                // Path-style addressing only: bucket names are not resolved as host names on 127.0.0.1.
                "s3proxy.virtual-host=",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dataDir,
                "");
        Path file = home.resolve("s3proxy.properties");
        try {
            Files.writeString(file, config);
            // The file holds the secret key.
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
