"""Backfill parameters: JSON-schema Params (the trigger form validates them) and a server-side re-check."""

from __future__ import annotations

from datetime import date

from airflow.sdk import Param

from citypulse_common.settings import SENSOR_TYPES

MODES = ("recompute", "reingest")
MAX_DAYS = 92

BACKFILL_PARAMS = {
    "from_date": Param(type="string", format="date", title="From (UTC day)",
                       description="First UTC day to backfill, YYYY-MM-DD."),
    "to_date": Param(type="string", format="date", title="To (UTC day, inclusive)",
                     description=f"Last UTC day, YYYY-MM-DD; not before from_date, at most {MAX_DAYS} days in all."),
    "sensor_types": Param(list(SENSOR_TYPES), type="array", title="Sensor types",
                          items={"type": "string", "enum": list(SENSOR_TYPES)}, minItems=1, uniqueItems=True,
                          description="Topics to re-ingest (mode reingest); batch views always cover every type."),
    "mode": Param("recompute", type="string", enum=list(MODES), title="Mode",
                  description="recompute: rebuild the batch views of the range from the lake. "
                              "reingest: first ingest everything Kafka holds beyond the manifest, then recompute."),
    "dry_run": Param(False, type="boolean", title="Dry run", description="Plan and print; write nothing."),
}


class InvalidParam(ValueError):
    """A backfill parameter is wrong; the message starts with the parameter's name."""


def _day(params: dict, name: str) -> date:
    raw = params.get(name)
    if not isinstance(raw, str):
        raise InvalidParam(f"{name}: required, a UTC day as YYYY-MM-DD (got {raw!r})")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidParam(f"{name}: '{raw}' is not a valid date; use YYYY-MM-DD, e.g. 2026-03-02") from None


def validate_backfill(params: dict, today: date | None = None) -> dict:
    """Re-checks what the form cannot (from <= to, range size, not in the future) and returns the normalised run."""
    start, end = _day(params, "from_date"), _day(params, "to_date")
    if start > end:
        raise InvalidParam(f"from_date: {start} is after to_date {end}; from_date must not be after to_date")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidParam(f"to_date: the range {start}..{end} spans {(end - start).days + 1} days; at most {MAX_DAYS}")
    if today is not None and end > today:
        raise InvalidParam(f"to_date: {end} is in the future (today is {today} UTC)")
    types = params.get("sensor_types")
    if not isinstance(types, list) or not types:
        raise InvalidParam(f"sensor_types: a non-empty list of {', '.join(SENSOR_TYPES)} (got {types!r})")
    unknown = [t for t in types if t not in SENSOR_TYPES]
    if unknown:
        raise InvalidParam(f"sensor_types: unknown sensor type(s) {', '.join(map(str, unknown))}; "
                           f"expected {', '.join(SENSOR_TYPES)}")
    mode = params.get("mode", "recompute")
    if mode not in MODES:
        raise InvalidParam(f"mode: '{mode}' is not one of {', '.join(MODES)}")
    dry_run = params.get("dry_run", False)
    if not isinstance(dry_run, bool):
        raise InvalidParam(f"dry_run: true or false (got {dry_run!r})")
    return {"from_date": start.isoformat(), "to_date": end.isoformat(), "sensor_types": sorted(set(types)),
            "mode": mode, "dry_run": dry_run}
