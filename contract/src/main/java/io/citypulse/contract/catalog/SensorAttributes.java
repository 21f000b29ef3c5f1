package io.citypulse.contract.catalog;

/** Names of the static sensor attributes in the catalog. */
public final class SensorAttributes {

    /** Traffic: posted speed limit, km/h. */
    public static final String SPEED_LIMIT_KMH = "speed_limit_kmh";
    /** Traffic: number of lanes over the loop. */
    public static final String LANES = "lanes";
    /** Traffic: vehicles per minute the segment carries at saturation. */
    public static final String CAPACITY_VEH_PER_MIN = "capacity_veh_per_min";
    /** Weather: station height above sea level, m. */
    public static final String ELEVATION_M = "elevation_m";
    /** Energy: rated load of the connection, kW. */
    public static final String RATED_LOAD_KW = "rated_load_kw";
    /** Energy: nominal voltage, V. */
    public static final String NOMINAL_VOLTAGE_V = "nominal_voltage_v";

    private SensorAttributes() {
    }
}
