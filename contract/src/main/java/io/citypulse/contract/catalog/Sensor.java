package io.citypulse.contract.catalog;

import io.citypulse.contract.event.Location;
import io.citypulse.contract.event.SensorType;
import java.util.Map;
import java.util.Objects;

/**
 * A sensor of the catalog (dimension data).
 *
 * @param id         e.g. {@code traffic-0042}
 * @param type       what it measures
 * @param zone       the zone it stands in
 * @param location   where exactly
 * @param attributes static attributes by name, see {@link SensorAttributes}
 */
public record Sensor(String id, SensorType type, Zone zone, Location location, Map<String, Double> attributes) {

    public Sensor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(location, "location");
        attributes = Map.copyOf(attributes);
    }

    /** A static attribute; fails loudly for one this sensor type does not have. */
    public double attribute(String name) {
        Double value = attributes.get(name);
        if (value == null) {
            throw new IllegalArgumentException(id + " has no attribute " + name);
        }
        return value;
    }
}
