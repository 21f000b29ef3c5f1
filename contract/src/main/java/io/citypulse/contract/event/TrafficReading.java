package io.citypulse.contract.event;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.schema.WireValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reading of an inductive-loop traffic counter over one reporting interval.
 *
 * @param vehicleCount vehicles that passed during the interval
 * @param avgSpeedKmh  mean speed of those vehicles
 * @param occupancyPct share of the interval the loop was occupied
 */
public record TrafficReading(ReadingHeader header, int vehicleCount, double avgSpeedKmh, double occupancyPct)
        implements SensorReading {

    /** The declared measures (sensor-types/traffic.json), bound to this record's components. */
    public static final List<FieldSpec> MEASURES = TypeDeclarations.of(SensorType.TRAFFIC).bind(Map.of(
            "vehicle_count", r -> ((TrafficReading) r).vehicleCount(),
            "avg_speed_kmh", r -> ((TrafficReading) r).avgSpeedKmh(),
            "occupancy_pct", r -> ((TrafficReading) r).occupancyPct()));

    public TrafficReading {
        SensorReadings.requireType(header, SensorType.TRAFFIC);
        SensorReadings.requireRange(MEASURES.get(0), vehicleCount);
        SensorReadings.requireRange(MEASURES.get(1), avgSpeedKmh);
        SensorReadings.requireRange(MEASURES.get(2), occupancyPct);
    }

    /** Builds the reading from decoded wire values; used by the codec. */
    public static TrafficReading fromWire(ReadingHeader header, WireValues values) {
        return new TrafficReading(header, (int) values.whole("vehicle_count"),
                values.number("avg_speed_kmh"), values.number("occupancy_pct"));
    }

    /** Congestion derived from occupancy and speed; not on the wire, but a lake column. */
    public CongestionLevel congestionLevel() {
        return CongestionLevel.of(occupancyPct, avgSpeedKmh);
    }

    @Override
    public Map<String, Double> measures() {
        Map<String, Double> measures = new LinkedHashMap<>(4);
        measures.put("vehicle_count", (double) vehicleCount);
        measures.put("avg_speed_kmh", avgSpeedKmh);
        measures.put("occupancy_pct", occupancyPct);
        return measures;
    }
}
