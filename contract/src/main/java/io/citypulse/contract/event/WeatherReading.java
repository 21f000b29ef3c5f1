package io.citypulse.contract.event;

import static io.citypulse.contract.schema.FieldSpec.number;

import io.citypulse.contract.schema.FieldSpec;
import io.citypulse.contract.schema.FieldType;
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

    /** Wire fields of the weather measures, in schema order. */
    public static final List<FieldSpec> MEASURES = List.of(
            number("temperature_c", FieldType.DOUBLE, -90, 60, "°C",
                    "air temperature", r -> ((WeatherReading) r).temperatureC()),
            number("humidity_pct", FieldType.DOUBLE, 0, 100, "%",
                    "relative humidity", r -> ((WeatherReading) r).humidityPct()),
            number("pressure_hpa", FieldType.DOUBLE, 850, 1100, "hPa",
                    "air pressure at sea level", r -> ((WeatherReading) r).pressureHpa()),
            number("wind_speed_ms", FieldType.DOUBLE, 0, 120, "m/s",
                    "mean wind speed", r -> ((WeatherReading) r).windSpeedMs()),
            number("precipitation_mm_h", FieldType.DOUBLE, 0, 500, "mm/h",
                    "precipitation rate", r -> ((WeatherReading) r).precipitationMmH()),
            number("air_quality_index", FieldType.INT, 0, 500, "AQI",
                    "US EPA air-quality index", r -> ((WeatherReading) r).airQualityIndex()));

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
