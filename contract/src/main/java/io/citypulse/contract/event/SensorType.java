package io.citypulse.contract.event;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of sensor in the city; the wire name is also the topic suffix and lake partition. */
public enum SensorType {
    TRAFFIC,
    WEATHER,
    ENERGY;

    /** Lower-case name used on the wire, in topic names and in lake paths. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name ("traffic"), empty for anything else. */
    public static Optional<SensorType> fromWireName(String value) {
        for (SensorType type : values()) {
            if (type.wireName().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
