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
import java.util.Map;

/** Binary snapshot of a partition's state: exact doubles, so a restored core continues bit for bit. */
final class StateCodec {

    /** 2: a window's sequence numbers as ranges (1 listed each one). */
    private static final int VERSION = 2;

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
        out.writeByte(sensor.type.ordinal());
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
            if (version != VERSION && version != 1) {
                throw new IllegalStateException("unknown snapshot version " + version);
            }
            PartitionState state = new PartitionState();
            state.maxEventMs = in.readLong();
            state.watermarkMs = in.readLong();
            state.lastScanTick = in.readLong();
            int sensors = in.readInt();
            for (int i = 0; i < sensors; i++) {
                SensorState sensor = readSensor(in, version == 1);
                state.sensors.put(sensor.sensorId, sensor);
            }
            return state;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt state snapshot", e);
        }
    }

    private static SensorState readSensor(DataInputStream in, boolean seqsListed) throws IOException {
        SensorState sensor = new SensorState(in.readUTF(), SensorType.values()[in.readByte()], in.readUTF());
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
