package io.citypulse.contract.event;

import io.citypulse.contract.schema.TypeDeclaration;
import io.citypulse.contract.schema.TypeDeclarations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A kind of sensor, as declared: one instance per declaration ({@code sensor-types/*.json} in the contract, and any
 * in the folder that {@code CITYPULSE_SENSOR_TYPES_DIR} names; {@link TypeDeclarations#load}). Its wire name is also
 * its topic suffix and lake partition. Types are ordered by wire name; {@link #index()} is the position in that
 * order, for arrays indexed by type.
 *
 * <p>The three constants are the types the generator simulates and the speed layer's built-in rules watch; every
 * other layer takes the declared types as data.
 */
public final class SensorType implements Comparable<SensorType> {

    private static final List<SensorType> ALL;
    private static final Map<String, SensorType> BY_NAME = new HashMap<>();

    static {
        List<SensorType> all = new ArrayList<>();
        for (TypeDeclaration declaration : TypeDeclarations.load()) {
            SensorType type = new SensorType(declaration, all.size());
            all.add(type);
            BY_NAME.put(type.wireName, type);
        }
        ALL = List.copyOf(all);
    }

    public static final SensorType TRAFFIC = of("traffic");
    public static final SensorType WEATHER = of("weather");
    public static final SensorType ENERGY = of("energy");

    private final String wireName;
    private final int index;
    private final TypeDeclaration declaration;
    // Decoders look types up and writers print them once per record: both stay free of allocation.
    private final Optional<SensorType> asOptional = Optional.of(this);

    private SensorType(TypeDeclaration declaration, int index) {
        this.wireName = declaration.type();
        this.index = index;
        this.declaration = declaration;
    }

    /** Every declared type, ordered by wire name. */
    public static List<SensorType> all() {
        return ALL;
    }

    /** Parses a wire name ("traffic"), empty for a type nobody declared. */
    public static Optional<SensorType> fromWireName(String value) {
        SensorType type = value == null ? null : BY_NAME.get(value);
        return type == null ? Optional.empty() : type.asOptional;
    }

    /**
     * The declared type called {@code wireName}.
     *
     * @throws IllegalArgumentException naming the declared types when there is none of that name
     */
    public static SensorType of(String wireName) {
        return fromWireName(wireName).orElseThrow(() -> new IllegalArgumentException(
                "no sensor type '" + wireName + "' is declared; declared: " + names()));
    }

    /** The declared wire names, comma-separated, for messages. */
    public static String names() {
        return ALL.stream().map(SensorType::wireName).collect(Collectors.joining(", "));
    }

    /** Lower-case name used on the wire, in topic names and in lake paths. */
    public String wireName() {
        return wireName;
    }

    /** Position in {@link #all()}. */
    public int index() {
        return index;
    }

    public TypeDeclaration declaration() {
        return declaration;
    }

    @Override
    public int compareTo(SensorType other) {
        return Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
