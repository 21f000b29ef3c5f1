package io.citypulse.generator.signal;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.ZoneKind;
import io.citypulse.contract.event.SensorType;
import java.nio.charset.StandardCharsets;

/**
 * A catalog sensor with what its signal needs precomputed: its noise stream (from its id, so adding
 * sensors does not change existing ones), zone kind and the attributes of its type.
 */
public final class SensorProfile {

    private final Sensor sensor;
    private final long stream;
    private final ZoneKind kind;
    private final double speedLimit;
    private final double capacityPerMin;
    private final double elevation;
    private final double ratedKw;
    private final double nominalV;

    public SensorProfile(Sensor sensor) {
        this.sensor = sensor;
        this.stream = streamOf(sensor.id());
        this.kind = sensor.zone().kind();
        SensorType type = sensor.type();
        this.speedLimit = type == SensorType.TRAFFIC ? sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH) : 0;
        this.capacityPerMin = type == SensorType.TRAFFIC ? sensor.attribute(SensorAttributes.CAPACITY_VEH_PER_MIN) : 0;
        this.elevation = type == SensorType.WEATHER ? sensor.attribute(SensorAttributes.ELEVATION_M) : 0;
        this.ratedKw = type == SensorType.ENERGY ? sensor.attribute(SensorAttributes.RATED_LOAD_KW) : 0;
        this.nominalV = type == SensorType.ENERGY ? sensor.attribute(SensorAttributes.NOMINAL_VOLTAGE_V) : 0;
    }

    static long streamOf(String id) {
        long h = 1125899906842597L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return Noise.mix(h);
    }

    public Sensor sensor() {
        return sensor;
    }

    public String id() {
        return sensor.id();
    }

    public SensorType type() {
        return sensor.type();
    }

    public long stream() {
        return stream;
    }

    public ZoneKind kind() {
        return kind;
    }

    public double speedLimit() {
        return speedLimit;
    }

    public double capacityPerMin() {
        return capacityPerMin;
    }

    public double elevation() {
        return elevation;
    }

    public double ratedKw() {
        return ratedKw;
    }

    public double nominalV() {
        return nominalV;
    }
}
