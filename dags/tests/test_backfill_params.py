"""Backfill params: the trigger form's JSON schema and the validate_params re-check both reject bad input
with a message that names the parameter."""

from datetime import date

import pytest
from airflow.sdk.definitions.param import ParamsDict

from citypulse_common.params import BACKFILL_PARAMS, InvalidParam, validate_backfill

GOOD = {"from_date": "2026-03-01", "to_date": "2026-03-02", "sensor_types": ["traffic", "energy"],
        "mode": "recompute", "dry_run": False}


def form(**overrides):
    """What the UI and the API do with a trigger's conf: resolve every Param against its schema."""
    params = ParamsDict({k: v for k, v in BACKFILL_PARAMS.items()})
    for key, value in {**GOOD, **overrides}.items():
        params[key] = value
    return params.validate()


def test_form_accepts_a_good_trigger():
    assert form() == GOOD


@pytest.mark.parametrize("key, value, message", [
    ("from_date", "2026-02-30", "Invalid input for param from_date: '2026-02-30' is not a 'date'"),
    ("to_date", "yesterday", "Invalid input for param to_date: 'yesterday' is not a 'date'"),
    ("sensor_types", ["traffic", "noise"], "Invalid input for param sensor_types: 'noise' is not one of"),
    ("sensor_types", [], "Invalid input for param sensor_types: [] should be non-empty"),
    ("mode", "rebuild", "Invalid input for param mode: 'rebuild' is not one of ['recompute', 'reingest']"),
])
def test_form_rejects_bad_values_naming_the_param(key, value, message):
    from airflow.sdk.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError) as e:
        form(**{key: value})
    assert str(e.value).startswith(message)


def test_validate_normalises_a_good_trigger():
    assert validate_backfill(GOOD, today=date(2026, 3, 10)) == {**GOOD, "sensor_types": ["energy", "traffic"]}


@pytest.mark.parametrize("overrides, message", [
    ({"from_date": "2026-02-30"}, "from_date: '2026-02-30' is not a valid date; use YYYY-MM-DD, e.g. 2026-03-02"),
    ({"to_date": None}, "to_date: required, a UTC day as YYYY-MM-DD (got None)"),
    ({"from_date": "2026-03-05"}, "from_date: 2026-03-05 is after to_date 2026-03-02; from_date must not be after to_date"),
    ({"from_date": "2025-01-01"}, "to_date: the range 2025-01-01..2026-03-02 spans 426 days; at most 92"),
    ({"to_date": "2026-03-11"}, "to_date: 2026-03-11 is in the future (today is 2026-03-10 UTC)"),
    ({"sensor_types": ["traffic", "noise"]}, "sensor_types: unknown sensor type(s) noise; expected energy, traffic, weather"),
    ({"sensor_types": []}, "sensor_types: a non-empty list of energy, traffic, weather (got [])"),
    ({"mode": "rebuild"}, "mode: 'rebuild' is not one of recompute, reingest"),
])
def test_validate_fails_with_a_message_naming_the_bad_param(overrides, message):
    with pytest.raises(InvalidParam) as e:
        validate_backfill({**GOOD, **overrides}, today=date(2026, 3, 10))
    assert str(e.value) == message
