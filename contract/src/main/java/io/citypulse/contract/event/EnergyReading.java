package io.citypulse.contract.event;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.schema.WireValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reading of a smart meter on a feeder or building connection.
 *
 * @param powerFactor ratio of active to apparent power; null in schema-v1 records
 * @param frequencyHz grid frequency; null in schema-v1 records
 */
public record EnergyReading(
        ReadingHeader header,
        double activePowerKw,
        double voltageV,
        double currentA,
        Double powerFactor,
        Double frequencyHz) implements SensorReading {

    /** The declared measures (sensor-types/energy.json), bound to this record's components. */
    public static final List<FieldSpec> MEASURES = TypeDeclarations.of(SensorType.ENERGY).bind(Map.of(
            "active_power_kw", r -> ((EnergyReading) r).activePowerKw(),
            "voltage_v", r -> ((EnergyReading) r).voltageV(),
            "current_a", r -> ((EnergyReading) r).currentA(),
            "power_factor", r -> ((EnergyReading) r).powerFactor(),
            "frequency_hz", r -> ((EnergyReading) r).frequencyHz()));

    public EnergyReading {
        SensorReadings.requireType(header, SensorType.ENERGY);
        SensorReadings.requireRange(MEASURES.get(0), activePowerKw);
        SensorReadings.requireRange(MEASURES.get(1), voltageV);
        SensorReadings.requireRange(MEASURES.get(2), currentA);
        if (header.schemaVersion() >= 2 && (powerFactor == null || frequencyHz == null)) {
            throw new IllegalArgumentException("power_factor and frequency_hz are required from schema v2");
        }
        if (powerFactor != null) {
            SensorReadings.requireRange(MEASURES.get(3), powerFactor);
        }
        if (frequencyHz != null) {
            SensorReadings.requireRange(MEASURES.get(4), frequencyHz);
        }
    }

    /** Builds the reading from decoded wire values; used by the codec. */
    public static EnergyReading fromWire(ReadingHeader header, WireValues values) {
        return new EnergyReading(header, values.number("active_power_kw"), values.number("voltage_v"),
                values.number("current_a"), values.optionalNumber("power_factor"),
                values.optionalNumber("frequency_hz"));
    }

    @Override
    public Map<String, Double> measures() {
        Map<String, Double> measures = new LinkedHashMap<>(8);
        measures.put("active_power_kw", activePowerKw);
        measures.put("voltage_v", voltageV);
        measures.put("current_a", currentA);
        if (powerFactor != null) {
            measures.put("power_factor", powerFactor);
        }
        if (frequencyHz != null) {
            measures.put("frequency_hz", frequencyHz);
        }
        return measures;
    }
}
