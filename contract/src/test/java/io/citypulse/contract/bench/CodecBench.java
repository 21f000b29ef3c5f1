package io.citypulse.contract.bench;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.ReadingSchema;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Single-thread throughput of {@link ReadingCodec} over a realistic mix of one million readings of
 * the default city (48% traffic, 5% weather, 47% energy, all current schema version). Not a test:
 * run it through {@code ./citypulse bench}; the last line is the machine-readable result.
 */
public final class CodecBench {

    private static final int READINGS = 1_000_000;
    private static final int WARMUP_ROUNDS = 3;
    private static final int MEASURED_ROUNDS = 7;
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** Keeps the JIT from discarding work whose result nobody reads. */
    private static long sink;

    private CodecBench() {
    }

    public static void main(String[] args) {
        SensorReading[] readings = readings(SensorCatalog.defaultCity(), new SplittableRandom(20_260_302L));
        byte[][] encoded = new byte[READINGS][];
        long totalBytes = 0;
        for (int i = 0; i < READINGS; i++) {
            encoded[i] = ReadingCodec.encode(readings[i]);
            totalBytes += encoded[i].length;
        }
        requireAllDecode(readings, encoded);
        JacksonAnchor anchor = JacksonAnchor.of(encoded);

        // The four run one after another within each round, so a machine that slows down slows all four.
        double[][] perSecond = rounds(List.of(
                () -> encodeAll(readings), anchor::writeAll, () -> decodeAll(encoded), anchor::parseAll),
                List.of("encode", "jackson_write", "decode", "jackson_parse"));
        double encodePerSecond = median(perSecond[0]);
        double decodePerSecond = median(perSecond[2]);
        double encodeVsJackson = median(ratios(perSecond[0], perSecond[1]));
        double decodeVsJackson = median(ratios(perSecond[2], perSecond[3]));
        double avgWireBytes = (double) totalBytes / READINGS;

        System.out.printf(Locale.ROOT, "readings=%d encode=%.0f/s (Jackson's generator %.0f/s) decode=%.0f/s "
                        + "(Jackson's parser %.0f/s) avg_wire_bytes=%.1f (sink %d)%n", READINGS, encodePerSecond,
                median(perSecond[1]), decodePerSecond, median(perSecond[3]), avgWireBytes, sink + anchor.sink());
        System.out.printf(Locale.ROOT, "BENCH {\"name\":\"contract\",\"figures\":{\"encode_per_s\":%d,\"decode_per_s\":%d,"
                        + "\"jackson_write_per_s\":%d,\"jackson_parse_per_s\":%d,\"encode_vs_jackson\":%.2f,"
                        + "\"decode_vs_jackson\":%.2f,\"avg_wire_bytes\":%.1f}}%n",
                Math.round(encodePerSecond), Math.round(decodePerSecond), Math.round(median(perSecond[1])),
                Math.round(median(perSecond[3])), encodeVsJackson, decodeVsJackson, avgWireBytes);
    }

    /** Each task's records per second in each measured round, after the warm-up rounds. */
    private static double[][] rounds(List<Runnable> tasks, List<String> names) {
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            tasks.forEach(Runnable::run);
        }
        double[][] perSecond = new double[tasks.size()][MEASURED_ROUNDS];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            for (int t = 0; t < tasks.size(); t++) {
                long start = System.nanoTime();
                tasks.get(t).run();
                perSecond[t][round] = READINGS / ((System.nanoTime() - start) / 1e9);
                System.out.printf(Locale.ROOT, "%s round %d: %.0f/s%n", names.get(t), round + 1, perSecond[t][round]);
            }
        }
        return perSecond;
    }

    private static double[] ratios(double[] ours, double[] anchor) {
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            ratios[i] = ours[i] / anchor[i];
        }
        return ratios;
    }

    private static void encodeAll(SensorReading[] readings) {
        long bytes = 0;
        for (SensorReading reading : readings) {
            bytes += ReadingCodec.encode(reading).length;
        }
        sink += bytes;
    }

    private static void decodeAll(byte[][] encoded) {
        long valid = 0;
        for (byte[] bytes : encoded) {
            if (ReadingCodec.decode(bytes) instanceof DecodeResult.Valid) {
                valid++;
            }
        }
        sink += valid;
    }

    private static void requireAllDecode(SensorReading[] readings, byte[][] encoded) {
        for (int i = 0; i < READINGS; i++) {
            DecodeResult result = ReadingCodec.decode(encoded[i]);
            if (!result.equals(DecodeResult.valid(readings[i]))) {
                throw new IllegalStateException("reading " + i + " does not round-trip: " + result);
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Readings as the generator sends them: per-sensor sequence, 10 s apart, values rounded to sensor precision. */
    private static SensorReading[] readings(SensorCatalog catalog, SplittableRandom random) {
        Map<SensorType, List<Sensor>> sensors = new java.util.TreeMap<>();
        for (SensorType type : SensorType.all()) {
            sensors.put(type, catalog.sensors(type));
        }
        Map<SensorType, Integer> next = new java.util.TreeMap<>();
        Map<String, Long> seq = new HashMap<>();
        SensorReading[] readings = new SensorReading[READINGS];
        for (int i = 0; i < READINGS; i++) {
            int share = random.nextInt(100);
            SensorType type = share < 48 ? SensorType.TRAFFIC : share < 53 ? SensorType.WEATHER : SensorType.ENERGY;
            List<Sensor> ofType = sensors.get(type);
            Sensor sensor = ofType.get(next.merge(type, 1, Integer::sum) % ofType.size());
            long n = seq.merge(sensor.id(), 1L, Long::sum) - 1;
            ReadingHeader header = new ReadingHeader(ReadingSchema.CURRENT_VERSION,
                    new UUID(random.nextLong(), random.nextLong()).toString(), sensor.id(), type,
                    sensor.zone().id(), sensor.location(), START.plusSeconds(10 * n), n);
            readings[i] = switch (type.wireName()) {
                case "traffic" -> traffic(header, sensor, random);
                case "weather" -> weather(header, random);
                case "energy" -> energy(header, sensor, random);
                default -> throw new IllegalArgumentException("no test values for " + type);
            };
        }
        return readings;
    }

    private static SensorReading traffic(ReadingHeader header, Sensor sensor, SplittableRandom random) {
        double limit = sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH);
        return new SensorReading(header, random.nextInt(40),
                round(limit * (0.3 + 0.8 * random.nextDouble()), 1), round(random.nextDouble() * 70, 1));
    }

    private static SensorReading weather(ReadingHeader header, SplittableRandom random) {
        return new SensorReading(header, round(-5 + 30 * random.nextDouble(), 1), round(40 + 60 * random.nextDouble(), 1),
                round(990 + 40 * random.nextDouble(), 1), round(15 * random.nextDouble(), 1),
                round(random.nextDouble() < 0.8 ? 0 : 8 * random.nextDouble(), 1), random.nextInt(160));
    }

    private static SensorReading energy(ReadingHeader header, Sensor sensor, SplittableRandom random) {
        double voltage = round(sensor.attribute(SensorAttributes.NOMINAL_VOLTAGE_V) * (0.95 + 0.1 * random.nextDouble()), 1);
        double power = round(sensor.attribute(SensorAttributes.RATED_LOAD_KW) * random.nextDouble(), 2);
        double powerFactor = round(0.85 + 0.14 * random.nextDouble(), 3);
        double current = round(power * 1000 / (voltage * powerFactor), 2);
        return new SensorReading(header, power, voltage, current, powerFactor, round(49.95 + 0.1 * random.nextDouble(), 3));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
