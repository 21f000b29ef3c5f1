"""The JSON Schema the API serves per sensor type, against the decoder it describes: every record the platform of
conftest.py holds on a reading topic (the city's readings and its injected malformed records) passes the schema
exactly when the speed layer accepted it, i.e. when its bytes are not on the dead-letter topic."""

import json

import pytest
from jsonschema import Draft202012Validator


@pytest.fixture(scope="module")
def dead_letters(live_platform) -> set[bytes]:
    return {m.value() for m in live_platform.messages("citypulse.deadletter")}


# The built-in types, and `parking`, declared by the test's folder only (parking.py).
@pytest.mark.parametrize("sensor_type", ["traffic", "weather", "energy", "parking"])
def test_the_schema_accepts_exactly_what_the_speed_layer_accepted(live_platform, dead_letters, sensor_type):
    declared = live_platform.get(f"/api/v1/types/{sensor_type}")
    validator = Draft202012Validator(live_platform.get(f"/api/v1/types/{sensor_type}/schema"))
    Draft202012Validator.check_schema(validator.schema)
    accepted = rejected = 0
    disagreements = []
    for value in (m.value() for m in live_platform.messages(declared["topic"])):
        try:
            valid = validator.is_valid(json.loads(value))
        except (ValueError, UnicodeDecodeError):
            valid = False  # not JSON: the decoder's not_decodable
        if valid == (value in dead_letters):
            disagreements.append(value[:300])
        accepted += valid
        rejected += not valid
    assert not disagreements, f"{len(disagreements)} records judged otherwise than by the speed layer: {disagreements[:5]}"
    assert accepted > 500 and rejected > 0, (accepted, rejected)  # the city's readings, and its malformed ones
