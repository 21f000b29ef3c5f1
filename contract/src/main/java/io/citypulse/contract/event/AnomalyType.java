package io.citypulse.contract.event;

import java.util.Optional;

/** Every anomaly the speed layer detects and the generator can inject. */
public enum AnomalyType {
    SEVERE_CONGESTION(SensorType.TRAFFIC),
    VOLUME_SPIKE(SensorType.TRAFFIC),
    SPEED_ANOMALY(SensorType.TRAFFIC),
    EXTREME_TEMPERATURE(SensorType.WEATHER),
    HIGH_WIND(SensorType.WEATHER),
    POOR_AIR_QUALITY(SensorType.WEATHER),
    CONSUMPTION_SPIKE(SensorType.ENERGY),
    VOLTAGE_OUT_OF_RANGE(SensorType.ENERGY),
    /** The same value repeated where a live sensor would vary. */
    STUCK_SENSOR(null),
    /** No reading for several intervals. */
    SILENT_SENSOR(null);

    private final SensorType sensorType;

    AnomalyType(SensorType sensorType) {
        this.sensorType = sensorType;
    }

    /** The sensor type this anomaly belongs to; empty when any sensor can show it. */
    public Optional<SensorType> sensorType() {
        return Optional.ofNullable(sensorType);
    }

    public boolean appliesTo(SensorType type) {
        return sensorType == null || sensorType == type;
    }
}
