package io.citypulse.contract.event;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.schema.WireValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A reading of a street-level weather and air-quality station. */
public record WeatherReading(
        ReadingHeader header,
        double temperatureC,
        double humidityPct,
        double pressureHpa,
        double windSpeedMs,
        double precipitationMmH,
        int airQualityIndex) implements SensorReading {

    /** The declared measures (sensor-types/weather.json), bound to this record's components. */
    public static final List<FieldSpec> MEASURES = TypeDeclarations.of(SensorType.WEATHER).bind(Map.of(
            "temperature_c", r -> ((WeatherReading) r).temperatureC(),
            "humidity_pct", r -> ((WeatherReading) r).humidityPct(),
            "pressure_hpa", r -> ((WeatherReading) r).pressureHpa(),
            "wind_speed_ms", r -> ((WeatherReading) r).windSpeedMs(),
            "precipitation_mm_h", r -> ((WeatherReading) r).precipitationMmH(),
            "air_quality_index", r -> ((WeatherReading) r).airQualityIndex()));

    public WeatherReading {
        SensorReadings.requireType(header, SensorType.WEATHER);
        SensorReadings.requireRange(MEASURES.get(0), temperatureC);
        SensorReadings.requireRange(MEASURES.get(1), humidityPct);
        SensorReadings.requireRange(MEASURES.get(2), pressureHpa);
        SensorReadings.requireRange(MEASURES.get(3), windSpeedMs);
        SensorReadings.requireRange(MEASURES.get(4), precipitationMmH);
        SensorReadings.requireRange(MEASURES.get(5), airQualityIndex);
    }

    /** Builds the reading from decoded wire values; used by the codec. */
    public static WeatherReading fromWire(ReadingHeader header, WireValues values) {
        return new WeatherReading(header, values.number("temperature_c"), values.number("humidity_pct"),
                values.number("pressure_hpa"), values.number("wind_speed_ms"),
                values.number("precipitation_mm_h"), (int) values.whole("air_quality_index"));
    }

    @Override
    public Map<String, Double> measures() {
        Map<String, Double> measures = new LinkedHashMap<>(8);
        measures.put("temperature_c", temperatureC);
        measures.put("humidity_pct", humidityPct);
        measures.put("pressure_hpa", pressureHpa);
        measures.put("wind_speed_ms", windSpeedMs);
        measures.put("precipitation_mm_h", precipitationMmH);
        measures.put("air_quality_index", (double) airQualityIndex);
        return measures;
    }
}
