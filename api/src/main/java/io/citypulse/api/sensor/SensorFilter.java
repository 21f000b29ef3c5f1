package io.citypulse.api.sensor;

import io.citypulse.contract.event.SensorType;
import java.util.Optional;

/** Optional sensor type and zone filters shared by the sensor listings. */
public record SensorFilter(Optional<SensorType> type, Optional<String> zone) {
}
