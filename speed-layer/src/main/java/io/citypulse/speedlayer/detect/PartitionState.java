package io.citypulse.speedlayer.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/** Event-time state of one input partition: its watermark and its sensors. */
final class PartitionState {

    long maxEventMs = Long.MIN_VALUE;
    long watermarkMs = Long.MIN_VALUE;
    /** Last watermark tick (in reporting intervals) at which sensors were scanned. */
    long lastScanTick = Long.MIN_VALUE;
    final Map<String, SensorState> sensors = new LinkedHashMap<>();
}
