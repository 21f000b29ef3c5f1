package io.citypulse.contract.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.SensorType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SensorCatalogTest {

    private static final double EARTH_RADIUS_KM = 6_371.0;
    /** Positions are rounded to 6 decimals (~0.1 m) and use a flat-earth offset: allow 10 m. */
    private static final double TOLERANCE_KM = 0.01;

    private final SensorCatalog city = SensorCatalog.defaultCity();

    @Test
    void hasTwoHundredTenSensorsInTheDefaultCity() {
        assertThat(city.size()).isEqualTo(210);
        assertThat(countByType(city)).isEqualTo(Map.of(SensorType.TRAFFIC, 100L, SensorType.WEATHER, 10L,
                SensorType.ENERGY, 100L));
    }

    @Test
    void numbersSensorIdsPerTypeFromOne() {
        for (SensorType type : SensorType.all()) {
            List<String> expected = IntStream.rangeClosed(1, city.sensors(type).size())
                    .mapToObj(i -> String.format(Locale.ROOT, "%s-%04d", type.wireName(), i))
                    .toList();
            assertThat(city.sensors(type)).extracting(Sensor::id).containsExactlyElementsOf(expected);
        }
        assertThat(city.sensors()).extracting(Sensor::id)
                .startsWith("traffic-0001", "traffic-0002")
                .contains("weather-0010", "energy-0100")
                .doesNotHaveDuplicates();
    }

    @Test
    void findsEverySensorById() {
        for (Sensor sensor : city.sensors()) {
            assertThat(city.find(sensor.id())).contains(sensor);
        }
        assertThat(city.find("traffic-0101")).isEmpty();
    }

    @Test
    void writesAsciiIdsWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertThat(SensorCatalog.defaultCity().sensors()).extracting(Sensor::id)
                    .containsExactlyElementsOf(city.sensors().stream().map(Sensor::id).toList());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void putsSensorsOfEveryTypeInEveryZone() {
        Set<String> zones = SensorCatalog.ZONES.stream().map(Zone::id).collect(Collectors.toSet());
        assertThat(city.sensors()).extracting(sensor -> sensor.zone().id()).containsAll(zones);
        for (SensorType type : SensorType.all()) {
            assertThat(city.sensors(type)).extracting(sensor -> sensor.zone().id()).as(type.wireName())
                    .containsAll(zones);
        }
    }

    @Test
    void placesEverySensorWithinItsZoneRadius() {
        for (Sensor sensor : city.sensors()) {
            assertThat(distanceKm(sensor.location(), sensor.zone().center())).as(sensor.id())
                    .isLessThanOrEqualTo(sensor.zone().radiusKm() + TOLERANCE_KM);
            assertThat(SensorCatalog.ZONES).as(sensor.id()).contains(sensor.zone());
        }
    }

    @Test
    void givesEachSensorTheAttributesOfItsType() {
        Map<SensorType, Set<String>> expected = Map.of(
                SensorType.TRAFFIC, Set.of(SensorAttributes.SPEED_LIMIT_KMH, SensorAttributes.LANES,
                        SensorAttributes.CAPACITY_VEH_PER_MIN),
                SensorType.WEATHER, Set.of(SensorAttributes.ELEVATION_M),
                SensorType.ENERGY, Set.of(SensorAttributes.RATED_LOAD_KW, SensorAttributes.NOMINAL_VOLTAGE_V));
        for (Sensor sensor : city.sensors()) {
            assertThat(sensor.attributes().keySet()).as(sensor.id()).isEqualTo(expected.get(sensor.type()));
            assertThat(sensor.attributes().values()).as(sensor.id()).allMatch(value -> value > 0);
        }
    }

    @Test
    void derivesTrafficCapacityFromLanes() {
        for (Sensor sensor : city.sensors(SensorType.TRAFFIC)) {
            assertThat(sensor.attribute(SensorAttributes.CAPACITY_VEH_PER_MIN))
                    .isEqualTo(sensor.attribute(SensorAttributes.LANES) * 30);
            assertThat(sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH)).isIn(30.0, 50.0, 70.0, 80.0);
        }
    }

    @Test
    void failsLoudlyForAnAttributeTheSensorDoesNotHave() {
        Sensor weather = city.find("weather-0001").orElseThrow();
        assertThatThrownBy(() -> weather.attribute(SensorAttributes.LANES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weather-0001 has no attribute lanes");
    }

    @Test
    void generatesTheSameCityFromTheSameSeed() {
        SensorCatalog again = SensorCatalog.generate(SensorCatalog.DEFAULT_SEED, 100, 10, 100);
        assertThat(again.sensors()).isEqualTo(city.sensors());
    }

    @Test
    void generatesAnotherCityFromAnotherSeed() {
        SensorCatalog other = SensorCatalog.generate(SensorCatalog.DEFAULT_SEED + 1, 100, 10, 100);
        assertThat(other.sensors()).extracting(Sensor::id).isEqualTo(city.sensors().stream().map(Sensor::id).toList());
        assertThat(other.sensors()).isNotEqualTo(city.sensors());
        assertThat(other.sensors()).extracting(Sensor::location)
                .doesNotContainAnyElementsOf(city.sensors().stream().map(Sensor::location).toList());
    }

    @Test
    void generatesTheConfiguredSizes() {
        SensorCatalog small = SensorCatalog.generate(7, 3, 0, 2);
        assertThat(small.sensors()).extracting(Sensor::id)
                .containsExactly("traffic-0001", "traffic-0002", "traffic-0003", "energy-0001", "energy-0002");
    }

    @Test
    void keepsOneTypesSensorsWhenAnotherTypesCountChanges() {
        SensorCatalog moreWeather = SensorCatalog.generate(SensorCatalog.DEFAULT_SEED, 100, 50, 100);
        assertThat(moreWeather.sensors(SensorType.TRAFFIC)).isEqualTo(city.sensors(SensorType.TRAFFIC));
        assertThat(moreWeather.sensors(SensorType.ENERGY)).isEqualTo(city.sensors(SensorType.ENERGY));
    }

    @Test
    void rejectsANegativeCountNamingTheType() {
        assertThatThrownBy(() -> SensorCatalog.generate(1, 10, -1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weather sensor count must be within [0, 99999]: -1");
        assertThatThrownBy(() -> SensorCatalog.generate(1, 10, 10, -5))
                .hasMessage("energy sensor count must be within [0, 99999]: -5");
    }

    @Test
    void findsZonesById() {
        assertThat(SensorCatalog.zone("harbour")).map(Zone::kind).contains(ZoneKind.INDUSTRIAL);
        assertThat(SensorCatalog.zone("atlantis")).isEmpty();
        assertThat(SensorCatalog.ZONES).extracting(Zone::id).doesNotHaveDuplicates().hasSize(10);
    }

    private static Map<SensorType, Long> countByType(SensorCatalog catalog) {
        return catalog.sensors().stream().collect(Collectors.groupingBy(Sensor::type, Collectors.counting()));
    }

    private static double distanceKm(Location a, Location b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
    }
}
