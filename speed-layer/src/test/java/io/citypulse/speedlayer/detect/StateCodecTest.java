package io.citypulse.speedlayer.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SensorType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Snapshots of earlier versions still restore: a type written as its old enum position reads as that type. */
class StateCodecTest {

    @Test
    void readsAVersionTwoSnapshotWhoseTypesAreEnumPositions() throws IOException {
        byte[] v2 = snapshotV2(new String[] {"traffic-0001", "weather-0001", "energy-0001"});
        PartitionState state = StateCodec.decode(v2);
        assertThat(state.watermarkMs).isEqualTo(1_000);
        assertThat(state.sensors.values()).extracting(s -> s.type)
                .containsExactly(SensorType.TRAFFIC, SensorType.WEATHER, SensorType.ENERGY);

        PartitionState again = StateCodec.decode(StateCodec.encode(state));
        assertThat(again.sensors.values()).extracting(s -> s.sensorId + " " + s.type)
                .containsExactly("traffic-0001 traffic", "weather-0001 weather", "energy-0001 energy");
    }

    /** The version-2 layout, one sensor per id with type byte i, no run and no open window. */
    private static byte[] snapshotV2(String[] sensorIds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeLong(2_000); // maxEventMs
            out.writeLong(1_000); // watermarkMs
            out.writeLong(7); // lastScanTick
            out.writeInt(sensorIds.length);
            for (int i = 0; i < sensorIds.length; i++) {
                out.writeUTF(sensorIds[i]);
                out.writeByte(i); // TRAFFIC, WEATHER, ENERGY as the enum had them
                out.writeUTF("downtown");
                out.writeLong(1_500); // lastEventMs
                out.writeBoolean(false); // silentReported
                out.writeBoolean(false); // no run
                out.writeInt(0);
                out.writeInt(0); // runLength
                out.writeLong(0); // runStartMs
                out.writeBoolean(false); // runReported
                out.writeDouble(12.5); // baseline
                out.writeInt(3);
                out.writeInt(0); // no open window
            }
        }
        return bytes.toByteArray();
    }
}
