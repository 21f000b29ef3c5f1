"""The JSON Schema the API serves per sensor type, against the decoder it describes: every record the platform of
conftest.py holds on a reading topic (the city's readings and its injected malformed records) passes the schema
exactly when the speed layer accepted it, i.e. when its bytes are not on the dead-letter topic."""

import json

import pytest
from confluent_kafka import Consumer, TopicPartition
from jsonschema import Draft202012Validator


def records(platform, topic: str) -> list[bytes]:
    """Every record of `topic` up to its end offsets now."""
    consumer = Consumer({"bootstrap.servers": platform.env["CITYPULSE_KAFKA_BOOTSTRAP"], "group.id": "types-test",
                         "enable.auto.commit": False})
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        values, left = [], {p: end for p, end in ends.items() if end > 0}
        while left:
            for message in consumer.consume(1000, timeout=5):
                if message.error() is None and message.offset() < ends[message.partition()]:
                    values.append(message.value())
                    if message.offset() == ends[message.partition()] - 1:
                        left.pop(message.partition(), None)
        return values
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def dead_letters(live_platform) -> set[bytes]:
    return set(records(live_platform, "citypulse.deadletter"))


@pytest.mark.parametrize("sensor_type", ["traffic", "weather", "energy"])
def test_the_schema_accepts_exactly_what_the_speed_layer_accepted(live_platform, dead_letters, sensor_type):
    declared = live_platform.get(f"/api/v1/types/{sensor_type}")
    validator = Draft202012Validator(live_platform.get(f"/api/v1/types/{sensor_type}/schema"))
    Draft202012Validator.check_schema(validator.schema)
    accepted = rejected = 0
    disagreements = []
    for value in records(live_platform, declared["topic"]):
        try:
            valid = validator.is_valid(json.loads(value))
        except (ValueError, UnicodeDecodeError):
            valid = False  # not JSON: the decoder's not_decodable
        if valid == (value in dead_letters):
            disagreements.append(value[:300])
        accepted += valid
        rejected += not valid
    assert not disagreements, f"{len(disagreements)} records judged otherwise than by the speed layer: {disagreements[:5]}"
    assert accepted > 1000 and rejected > 0, (accepted, rejected)  # the city's readings, and its malformed ones
