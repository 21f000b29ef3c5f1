package io.citypulse.contract.event;

import static io.citypulse.contract.schema.FieldSpec.number;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
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

    /** Wire fields of the traffic measures, in schema order. */
    public static final List<FieldSpec> MEASURES = List.of(
            number("vehicle_count", FieldType.INT, 0, 10_000, "vehicles",
                    "vehicles counted in the interval", r -> ((TrafficReading) r).vehicleCount()),
            number("avg_speed_kmh", FieldType.DOUBLE, 0, 300, "km/h",
                    "mean speed of the counted vehicles", r -> ((TrafficReading) r).avgSpeedKmh()),
            number("occupancy_pct", FieldType.DOUBLE, 0, 100, "%",
                    "share of the interval the loop was occupied", r -> ((TrafficReading) r).occupancyPct()));

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
