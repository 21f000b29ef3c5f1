package io.citypulse.speedlayer.detect;

import io.citypulse.contract.event.SensorType;
import io.citypulse.speedlayer.window.OpenWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binary snapshot of a partition's state: exact doubles, so a restored core continues bit for bit. */
final class StateCodec {

    /** 3: a sensor's type by wire name; 2: a window's sequence numbers as ranges (1 listed each one). */
    private static final int VERSION = 3;
    /** Versions 1 and 2 wrote a type as its position in the enum SensorType was: these, in this order. */
    private static final List<SensorType> ENUM_ORDER = List.of(SensorType.TRAFFIC, SensorType.WEATHER, SensorType.ENERGY);

    private StateCodec() {
    }

    static byte[] encode(PartitionState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeLong(state.maxEventMs);
            out.writeLong(state.watermarkMs);
            out.writeLong(state.lastScanTick);
            out.writeInt(state.sensors.size());
            for (SensorState sensor : state.sensors.values()) {
                writeSensor(out, sensor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeSensor(DataOutputStream out, SensorState sensor) throws IOException {
        out.writeUTF(sensor.sensorId);
        out.writeUTF(sensor.type.wireName());
        out.writeUTF(sensor.zone);
        out.writeLong(sensor.lastEventMs);
        out.writeBoolean(sensor.silentReported);
        Map<String, Double> run = sensor.runValues == null ? Map.of() : sensor.runValues;
        out.writeBoolean(sensor.runValues != null);
        out.writeInt(run.size());
        for (Map.Entry<String, Double> entry : run.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeDouble(entry.getValue());
        }
        out.writeInt(sensor.runLength);
        out.writeLong(sensor.runStartMs);
        out.writeBoolean(sensor.runReported);
        out.writeDouble(sensor.baseline.value());
        out.writeInt(sensor.baseline.windows());
        out.writeInt(sensor.windows.size());
        for (OpenWindow window : sensor.windows.values()) {
            window.writeTo(out);
        }
    }

    static PartitionState decode(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = in.readInt();
            if (version < 1 || version > VERSION) {
                throw new IllegalStateException("unknown snapshot version " + version);
            }
            PartitionState state = new PartitionState();
            state.maxEventMs = in.readLong();
            state.watermarkMs = in.readLong();
            state.lastScanTick = in.readLong();
            int sensors = in.readInt();
            for (int i = 0; i < sensors; i++) {
                SensorState sensor = readSensor(in, version);
                state.sensors.put(sensor.sensorId, sensor);
            }
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt state snapshot", e);
        }
    }

    private static SensorState readSensor(DataInputStream in, int version) throws IOException {
        boolean seqsListed = version == 1;
        String sensorId = in.readUTF();
        SensorType type = version >= 3 ? SensorType.fromWireName(in.readUTF())
                .orElseThrow(() -> new IllegalStateException("the snapshot has a sensor of a type no longer declared"))
                : ENUM_ORDER.get(in.readByte());
        SensorState sensor = new SensorState(sensorId, type, in.readUTF());
        sensor.lastEventMs = in.readLong();
        sensor.silentReported = in.readBoolean();
        boolean hasRun = in.readBoolean();
        int runSize = in.readInt();
        Map<String, Double> run = new LinkedHashMap<>();
        for (int i = 0; i < runSize; i++) {
            run.put(in.readUTF(), in.readDouble());
        }
        sensor.runValues = hasRun ? run : null;
        sensor.runLength = in.readInt();
        sensor.runStartMs = in.readLong();
        sensor.runReported = in.readBoolean();
        sensor.baseline = new Ewma(in.readDouble(), in.readInt());
        int windows = in.readInt();
        for (int i = 0; i < windows; i++) {
            OpenWindow window = OpenWindow.readFrom(in, seqsListed);
            sensor.windows.put(window.startMs(), window);
        }
        return sensor;
    }
}
