package io.citypulse.generator.simulate;

import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the simulator emits, in order. */
public final class CollectingSink implements RecordSink {

    /** One record as it would go to Kafka; decoded once, on first use. */
    public static final class Sent {
        private final SensorType type;
        private final String key;
        private final byte[] value;
        private DecodeResult decoded;

        Sent(SensorType type, String key, byte[] value) {
            this.type = type;
            this.key = key;
            this.value = value;
        }

        public SensorType type() {
            return type;
        }

        public String key() {
            return key;
        }

        public byte[] value() {
            return value;
        }

        public DecodeResult decode() {
            if (decoded == null) {
                decoded = ReadingCodec.decode(value, type);
            }
            return decoded;
        }

        public SensorReading reading() {
            return ((DecodeResult.Valid) decode()).reading();
        }

        public boolean valid() {
            return decode() instanceof DecodeResult.Valid;
        }
    }

    public final List<Sent> records = new ArrayList<>();
    public final List<InjectionLabel> labels = new ArrayList<>();

    @Override
    public void reading(SensorType type, String sensorId, byte[] value) {
        records.add(new Sent(type, sensorId, value));
    }

    @Override
    public void label(InjectionLabel label) {
        labels.add(label);
    }
}
