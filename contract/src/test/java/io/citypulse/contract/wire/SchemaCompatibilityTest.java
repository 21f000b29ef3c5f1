package io.citypulse.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records as producers of every supported schema version wrote them (src/test/resources/wire/vN)
 * must keep decoding to exactly these readings. Never edit a vector: add a new version's instead.
 */
class SchemaCompatibilityTest {

    /** Expected reading per test vector, by resource path. */
    private static final Map<String, SensorReading> EXPECTED = new TreeMap<>(Map.of(
            "wire/v1/traffic.json", new SensorReading(
                    header(1, "3f1c9a2e-7b41-4d0a-9c55-0a8e2b7d1f01", "traffic-0042", SensorType.TRAFFIC, "old-town",
                            52.374512, 4.901377, "2026-01-01T00:00:00Z", 0),
                    0, 0.0, 0.0),
            "wire/v1/weather.json", new SensorReading(
                    header(1, "weather-0007-1767225660000", "weather-0007", SensorType.WEATHER, "north-hills",
                            52.401, 4.87, "2026-01-01T00:01:00Z", 18),
                    -12.5, 100.0, 987.6, 23.4, 0.0, 500),
            "wire/v1/energy.json", new SensorReading(
                    header(1, "energy-0100-1767225600000", "energy-0100", SensorType.ENERGY, "harbour",
                            52.3911, 4.9201, "2026-01-01T00:00:00Z", 1440),
                    1234.5, 398.7, 1790.25, Double.NaN, Double.NaN),
            "wire/v2/traffic.json", new SensorReading(
                    header(2, "c0ffee00-0000-4000-8000-000000000001", "traffic-0100", SensorType.TRAFFIC,
                            "airport-road", 52.3099, 4.770001, "2026-03-02T08:15:30.250Z", 9_007_199_254_740_993L),
                    10_000, 299.9, 100.0),
            "wire/v2/weather.json", new SensorReading(
                    header(2, "weather-0001-1772439300000", "weather-0001", SensorType.WEATHER, "downtown",
                            52.3702, 4.8952, "2026-03-02T08:15:00Z", 3),
                    35.25, 12.5, 1021.0, 0.0, 41.7, 0),
            "wire/v2/energy.json", new SensorReading(
                    header(2, "energy-0001-1772439300000", "energy-0001", SensorType.ENERGY, "riverside",
                            52.36, 4.91, "2026-03-02T08:15:00Z", 77),
                    3.2, 229.4, 14.8, 0.94, 49.98)));

    static Stream<String> vectors() {
        return EXPECTED.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesTheRecordAsItsProducerWroteIt(String vector) {
        SensorReading expected = EXPECTED.get(vector);
        assertThat(ReadingCodec.decode(read(vector), expected.sensorType())).isEqualTo(DecodeResult.valid(expected));
    }

    @Test
    void hasAVectorOfEveryTypeForEverySupportedVersion() {
        assertThat(vectorFiles()).isEqualTo(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).containsExactlyElementsOf(
                IntStream.rangeClosed(ReadingSchema.OLDEST_SUPPORTED_VERSION, ReadingSchema.CURRENT_VERSION).boxed()
                        .flatMap(version -> Stream.of("energy", "traffic", "weather")
                                .map(type -> "wire/v" + version + "/" + type + ".json"))
                        .toList());
    }

    @Test
    void keepsTheAbsentV2EnergyMeasuresAbsentInAV1Reading() {
        SensorReading v1 = EXPECTED.get("wire/v1/energy.json");
        assertThat(v1.measures()).containsExactly(
                Map.entry("active_power_kw", 1234.5), Map.entry("voltage_v", 398.7), Map.entry("current_a", 1790.25));
    }

    private static ReadingHeader header(int version, String eventId, String sensorId, SensorType type, String zone,
                                        double lat, double lon, String eventTime, long seq) {
        return new ReadingHeader(version, eventId, sensorId, type, zone, new Location(lat, lon),
                Instant.parse(eventTime), seq);
    }

    private static byte[] read(String resource) {
        try (InputStream in = Objects.requireNonNull(
                SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(resource), resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every vector file on the test classpath, as a resource path. */
    private static Set<String> vectorFiles() {
        try {
            Path root = Path.of(Objects.requireNonNull(
                    SchemaCompatibilityTest.class.getClassLoader().getResource("wire")).toURI()).getParent();
            try (Stream<Path> files = Files.walk(root.resolve("wire"))) {
                return files.filter(Files::isRegularFile)
                        .map(file -> root.relativize(file).toString().replace('\\', '/'))
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
