package io.citypulse.contract.catalog;

import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.SensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The city's sensors, generated deterministically: the same seed and sizes always give the same
 * sensors, ids, zones, positions and attributes.
 */
public final class SensorCatalog {

    /** Seed of the default city. */
    public static final long DEFAULT_SEED = 20_261_121L;
    public static final int DEFAULT_TRAFFIC = 100;
    public static final int DEFAULT_WEATHER = 10;
    public static final int DEFAULT_ENERGY = 100;

    /** The city's districts; sensors are spread over them. */
    public static final List<Zone> ZONES = List.of(
            zone("downtown", "Downtown", 52.3702, 4.8952, 1.2, ZoneKind.COMMERCIAL),
            zone("harbour", "Harbour", 52.3880, 4.9120, 1.5, ZoneKind.INDUSTRIAL),
            zone("old-town", "Old Town", 52.3740, 4.8990, 0.8, ZoneKind.MIXED),
            zone("university", "University", 52.3550, 4.9550, 1.0, ZoneKind.MIXED),
            zone("tech-park", "Tech Park", 52.3400, 4.8700, 1.3, ZoneKind.COMMERCIAL),
            zone("riverside", "Riverside", 52.3600, 4.9100, 1.1, ZoneKind.RESIDENTIAL),
            zone("north-hills", "North Hills", 52.4000, 4.8800, 1.8, ZoneKind.RESIDENTIAL),
            zone("west-gardens", "West Gardens", 52.3650, 4.8300, 1.6, ZoneKind.RESIDENTIAL),
            zone("stadium", "Stadium", 52.3140, 4.9420, 1.0, ZoneKind.MIXED),
            zone("airport-road", "Airport Road", 52.3100, 4.7700, 2.0, ZoneKind.INDUSTRIAL));

    private final List<Sensor> sensors;
    private final Map<String, Sensor> byId;

    private SensorCatalog(List<Sensor> sensors) {
        this.sensors = Collections.unmodifiableList(sensors);
        Map<String, Sensor> index = new LinkedHashMap<>();
        sensors.forEach(sensor -> index.put(sensor.id(), sensor));
        this.byId = Collections.unmodifiableMap(index);
    }

    /** The default city: 100 traffic, 10 weather and 100 energy sensors. */
    public static SensorCatalog defaultCity() {
        return generate(DEFAULT_SEED, DEFAULT_TRAFFIC, DEFAULT_WEATHER, DEFAULT_ENERGY);
    }

    /** A city of the given size; each type draws from its own stream so sizes do not shift each other. */
    public static SensorCatalog generate(long seed, int traffic, int weather, int energy) {
        Map<SensorType, Integer> counts = new LinkedHashMap<>();
        counts.put(SensorType.TRAFFIC, traffic);
        counts.put(SensorType.WEATHER, weather);
        counts.put(SensorType.ENERGY, energy);
        List<Sensor> sensors = new ArrayList<>();
        int stream = 0; // each type's random stream, in the order above: the simulated city stays what it was
        for (Map.Entry<SensorType, Integer> entry : counts.entrySet()) {
            SensorType type = entry.getKey();
            int count = entry.getValue();
            if (count < 0 || count > 99_999) {
                throw new IllegalArgumentException(type.wireName() + " sensor count must be within [0, 99999]: " + count);
            }
            SplittableRandom random = new SplittableRandom(seed * 31 + stream++);
            for (int i = 1; i <= count; i++) {
                // Round-robin over zones: every zone has a sensor of every type once there are enough.
                Zone zone = ZONES.get((i - 1) % ZONES.size());
                // Locale.ROOT: ids must be ASCII digits whatever the JVM's default locale.
                sensors.add(new Sensor(String.format(Locale.ROOT, "%s-%04d", type.wireName(), i), type, zone,
                        placeIn(zone, random), attributes(type, zone, random)));
            }
        }
        return new SensorCatalog(sensors);
    }

    private static Location placeIn(Zone zone, SplittableRandom random) {
        double distanceKm = zone.radiusKm() * Math.sqrt(random.nextDouble());
        double bearing = random.nextDouble() * 2 * Math.PI;
        double lat = zone.center().lat() + distanceKm / 111.32 * Math.cos(bearing);
        double lon = zone.center().lon()
                + distanceKm / (111.32 * Math.cos(Math.toRadians(zone.center().lat()))) * Math.sin(bearing);
        return new Location(round(lat, 6), round(lon, 6));
    }

    private static Map<String, Double> attributes(SensorType type, Zone zone, SplittableRandom random) {
        if (type == SensorType.TRAFFIC) {
            double lanes = 1 + random.nextInt(zone.kind() == ZoneKind.INDUSTRIAL ? 4 : 3);
            double limit = new double[] {30, 50, 50, 70, 80}[random.nextInt(5)];
            return Map.of(SensorAttributes.SPEED_LIMIT_KMH, limit,
                    SensorAttributes.LANES, lanes,
                    SensorAttributes.CAPACITY_VEH_PER_MIN, lanes * 30);
        }
        if (type == SensorType.WEATHER) {
            return Map.of(SensorAttributes.ELEVATION_M, round(2 + random.nextDouble() * 40, 1));
        }
        double rated = zone.kind() == ZoneKind.INDUSTRIAL ? 400 + random.nextInt(1600) : 50 + random.nextInt(450);
        return Map.of(SensorAttributes.RATED_LOAD_KW, rated,
                SensorAttributes.NOMINAL_VOLTAGE_V, zone.kind() == ZoneKind.INDUSTRIAL ? 400.0 : 230.0);
    }

    private static Zone zone(String id, String name, double lat, double lon, double radiusKm, ZoneKind kind) {
        return new Zone(id, name, new Location(lat, lon), radiusKm, kind);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    public List<Sensor> sensors() {
        return sensors;
    }

    public List<Sensor> sensors(SensorType type) {
        return sensors.stream().filter(sensor -> sensor.type() == type).toList();
    }

    public Optional<Sensor> find(String sensorId) {
        return Optional.ofNullable(byId.get(sensorId));
    }

    public int size() {
        return sensors.size();
    }

    public static Optional<Zone> zone(String zoneId) {
        return ZONES.stream().filter(zone -> zone.id().equals(zoneId)).findFirst();
    }
}
