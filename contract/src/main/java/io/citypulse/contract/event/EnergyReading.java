package io.citypulse.contract.event;

import static io.citypulse.contract.schema.FieldSpec.number;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
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

    /** Wire fields of the energy measures, in schema order. */
    public static final List<FieldSpec> MEASURES = List.of(
            number("active_power_kw", FieldType.DOUBLE, 0, 100_000, "kW",
                    "active power drawn", r -> ((EnergyReading) r).activePowerKw()),
            number("voltage_v", FieldType.DOUBLE, 0, 1_000, "V",
                    "RMS voltage", r -> ((EnergyReading) r).voltageV()),
            number("current_a", FieldType.DOUBLE, 0, 10_000, "A",
                    "RMS current", r -> ((EnergyReading) r).currentA()),
            number("power_factor", FieldType.DOUBLE, 0, 1, "",
                    "active / apparent power (since v2)", r -> ((EnergyReading) r).powerFactor()).since(2),
            number("frequency_hz", FieldType.DOUBLE, 40, 70, "Hz",
                    "grid frequency (since v2)", r -> ((EnergyReading) r).frequencyHz()).since(2));

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
