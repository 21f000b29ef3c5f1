package io.citypulse.contract.event;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of sensor in the city; the wire name is also the topic suffix and lake partition. */
public enum SensorType {
    TRAFFIC,
    WEATHER,
    ENERGY;

    private static final SensorType[] ALL = values();
    // Decoders look types up and writers print them once per record: both stay free of allocation.
    private final String wireName = name().toLowerCase(Locale.ROOT);
    private final Optional<SensorType> asOptional = Optional.of(this);

    /** Lower-case name used on the wire, in topic names and in lake paths. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name ("traffic"), empty for anything else. */
    public static Optional<SensorType> fromWireName(String value) {
        for (SensorType type : ALL) {
            if (type.wireName.equals(value)) {
                return type.asOptional;
            }
        }
        return Optional.empty();
    }
}
