package io.citypulse.speedlayer.sink;

/**
 * Where a partition's processing stands: the next offset to read and the core's state just before it.
 *
 * @param state the core's snapshot of the partition ({@code SpeedCore#snapshot})
 */
public record Checkpoint(String topic, int partition, long nextOffset, byte[] state) {
}
