package io.citypulse.generator.simulate;

import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;

/** Where the simulator puts what it produces: Kafka in the service, a list in tests. */
public interface RecordSink {

    /** One record for the reading topic of {@code type}, keyed by sensor id (valid, duplicate or malformed). */
    void reading(SensorType type, String sensorId, byte[] value);

    /** The label of one injection, emitted when the injection is decided. */
    void label(InjectionLabel label);
}
