-- CityPulse serving database, version 4: the speed layer's checkpoints.
-- Per consumer group and partition: the next offset to read and a snapshot of the partition's
-- window state (watermark, open windows, baselines), written in the same transaction as the
-- real-time views, so a restart resumes exactly where the sinks stand.
CREATE TABLE speed_layer_checkpoint (
    consumer_group text NOT NULL,
    topic          text NOT NULL,
    partition      integer NOT NULL,
    next_offset    bigint NOT NULL CHECK (next_offset >= 0),
    state          bytea NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
