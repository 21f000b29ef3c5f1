"""The JSON Schema the API serves per sensor type, against the decoder it describes: every record the platform of
conftest.py holds on a reading topic (the city's readings and its injected malformed records) passes the schema
exactly when the speed layer accepted it, i.e. when its bytes are not on the dead-letter topic."""

import json
import time

import pytest
from jsonschema import Draft202012Validator


def judge(validator, records, dead_letters) -> tuple[int, int, list]:
    """(accepted, rejected, disagreements): each record as the schema judges it, against the speed layer's verdict."""
    accepted = rejected = 0
    disagreements = []
    for value in records:
        try:
            valid = validator.is_valid(json.loads(value))
        except (ValueError, UnicodeDecodeError):
            valid = False  # not JSON: the decoder's not_decodable
        if valid == (value in dead_letters):
            disagreements.append(value[:300])
        accepted += valid
        rejected += not valid
    return accepted, rejected, disagreements


# The built-in types, and `parking`, declared by the test's folder only (parking.py).
@pytest.mark.parametrize("sensor_type", ["traffic", "weather", "energy", "parking"])
def test_the_schema_accepts_exactly_what_the_speed_layer_accepted(live_platform, sensor_type):
    declared = live_platform.get(f"/api/v1/types/{sensor_type}")
    validator = Draft202012Validator(live_platform.get(f"/api/v1/types/{sensor_type}/schema"))
    Draft202012Validator.check_schema(validator.schema)
    records = [m.value() for m in live_platform.messages(declared["topic"])]
    # The generator keeps writing: a record sent just now may not be judged by the speed layer yet, so the dead
    # letters are read after the records, again until they agree or 30 s have passed.
    deadline = time.monotonic() + 30
    while True:
        dead_letters = {m.value() for m in live_platform.messages("citypulse.deadletter")}
        accepted, rejected, disagreements = judge(validator, records, dead_letters)
        if not disagreements or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert not disagreements, f"{len(disagreements)} records judged otherwise than by the speed layer: {disagreements[:5]}"
    assert accepted > 500 and rejected > 0, (accepted, rejected)  # the city's readings, and its malformed ones
