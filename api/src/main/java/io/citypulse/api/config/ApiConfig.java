package io.citypulse.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The API's own settings ({@code citypulse.*} in application.properties, CITYPULSE_* variables). */
@ConfigMapping(prefix = "citypulse")
public interface ApiConfig {

    Auth auth();

    Kafka kafka();

    S3 s3();

    Catalog catalog();

    Latest latest();

    @WithName("anomaly-stream")
    AnomalyStream anomalyStream();

    Console console();

    /** API keys on /api/v1. */
    interface Auth {
        /** Off only in dev and test; prod refuses to start with auth on and no key. */
        @WithDefault("true")
        boolean enabled();

        /** SHA-256 hex digests of the accepted keys (CITYPULSE_API_KEY_SHA256, comma-separated). */
        @WithName("key-sha256")
        Optional<List<String>> keySha256();
    }

    interface Kafka {
        @WithName("bootstrap-servers")
        String bootstrapServers();

        /** Consumer group whose lag /api/v1/statistics/kafka reports. */
        @WithName("speed-layer-group")
        @WithDefault("citypulse-speed-layer")
        String speedLayerGroup();
    }

    interface S3 {
        String endpoint();

        String bucket();
    }

    interface Catalog {
        /** Upsert the contract's default sensor catalog into zone/sensor at start-up. */
        @WithDefault("true")
        boolean seed();
    }

    interface Latest {
        /** How old the in-memory snapshot of rt_latest_reading may be; zero reads the table every time. */
        @WithName("max-age")
        @WithDefault("PT1S")
        Duration maxAge();
    }

    /** The browser console at /console. */
    interface Console {
        /** Base map tiles, a {z}/{x}/{y} URL template (CITYPULSE_CONSOLE_TILE_URL); none: zones and sensors only. */
        @WithName("tile-url")
        Optional<String> tileUrl();

        /** A sensor whose latest reading is older than this shows as silent on the map. */
        @WithName("silent-after")
        @WithDefault("PT1M")
        Duration silentAfter();
    }

    interface AnomalyStream {
        /** Consume citypulse.anomalies for /api/v1/anomalies/stream. */
        @WithDefault("true")
        boolean enabled();
    }
}
