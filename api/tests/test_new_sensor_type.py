"""Adding a sensor type is one file: `parking` (occupied bays, capacity, a status sign of three categories, an
optional free-text note and a derived occupancy) is declared by
sensor-types/parking.json only, and its readings (parking.py) go through the decoder, the speed layer, the lake, the
batch views and the API of the platform of conftest.py, which was built without knowing the type."""

from collections import defaultdict
from datetime import datetime, timedelta, timezone

import pyarrow.fs
import pyarrow.parquet
import pytest

import parking
import running_platform as rp

MEASURES = ("capacity", "occupied")
LATENESS = timedelta(minutes=2)  # the speed layer's default CITYPULSE_SPEED_LATENESS


def utc(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, timezone.utc)


def expected(readings, bucket: timedelta) -> dict:
    """(sensor, bucket start, measure) -> (count, min, max, sum) of the readings."""
    values = defaultdict(list)
    for r in readings:
        start = datetime.fromtimestamp(r.event_time_ms // 1000 // int(bucket.total_seconds()) * bucket.total_seconds(),
                                       timezone.utc)
        for measure in MEASURES:
            values[(r.sensor_id, start, measure)].append(getattr(r, measure))
    return {key: (len(v), min(v), max(v), sum(v)) for key, v in values.items()}


def test_the_api_lists_the_declared_type_with_its_fields(live_platform):
    assert [t["type"] for t in live_platform.get("/api/v1/types")] == ["energy", "parking", "traffic", "weather"]
    declared = live_platform.get("/api/v1/types/parking")
    assert declared["topic"] == parking.TOPIC
    assert [(m["name"], m["valueType"], m["unit"], m["min"], m["max"]) for m in declared["measures"]] == [
        ("occupied", "int", "spaces", 0, 20000), ("capacity", "int", "spaces", 1, 20000)]
    assert [(a["name"], a["valueType"], a["categories"], a["maxLength"], a["nullable"])
            for a in declared["attributes"]] == [("status", "category", ["OPEN", "FULL", "PARTLY_CLOSED"], 13, False),
                                                 ("note", "text", [], 80, True)]
    assert [(d["name"], d["valueType"], d["expression"]) for d in declared["derived"]] == [
        ("occupancy_pct", "number", "100 * occupied / capacity")]
    document = live_platform.get("/q/openapi?format=json")
    assert "parking" in document["components"]["schemas"]["SensorType"]["enum"]


def test_bad_records_of_the_new_type_are_dead_lettered_with_their_reason(live_platform, parking_city):
    reasons = {m.value(): dict(m.headers() or [])["citypulse.reason"].decode()
               for m in live_platform.messages("citypulse.deadletter")}
    assert {record: reasons.get(record) for record in parking_city.malformed} == parking_city.malformed


def test_the_speed_layer_keeps_minute_views_and_the_latest_reading(live_platform, parking_city):
    readings = parking_city.readings
    want = expected(readings, timedelta(minutes=1))
    # Every minute the watermark (the newest reading less the lateness) has passed is closed and written.
    closed = {key for key in want if key[1] + timedelta(minutes=1) <= utc(readings[-1].event_time_ms) - LATENESS}

    def minutes():
        rows = live_platform.query("SELECT sensor_id, minute_start, measure, count, min, max, sum "
                                   "FROM rt_minute_aggregate WHERE sensor_type = %s", (parking.TYPE,))
        found = {(s, m, measure): (c, lo, hi, total) for s, m, measure, c, lo, hi, total in rows}
        return found if closed <= found.keys() else None

    found = rp.wait_for("the parking minutes", minutes, 60)
    assert {key: want[key] for key in found} == found

    latest = {sensor: (event_time, measures) for sensor, event_time, measures in live_platform.query(
        "SELECT sensor_id, event_time, measures FROM rt_latest_reading WHERE sensor_type = %s", (parking.TYPE,))}
    last = {r.sensor_id: r for r in readings}
    assert latest == {s: (utc(r.event_time_ms), {"occupied": r.occupied, "capacity": r.capacity})
                      for s, r in last.items()}


def test_the_lake_holds_every_reading_with_its_attributes_and_derived_occupancy(live_platform, parking_city):
    files = live_platform.query("SELECT path, dataset, rows FROM lake_file WHERE sensor_type = %s AND removed_at IS NULL",
                                (parking.TYPE,))
    rows = defaultdict(int)
    for _, dataset, count in files:
        rows[dataset] += count
    assert dict(rows) == {"events": len(parking_city.readings), "quarantine": len(parking_city.malformed)}

    env = live_platform.env
    s3 = pyarrow.fs.S3FileSystem(access_key=env["CITYPULSE_S3_ACCESS_KEY"], secret_key=env["CITYPULSE_S3_SECRET_KEY"],
                                 endpoint_override=env["CITYPULSE_S3_ENDPOINT"], region="us-east-1")
    lake = {}
    for path, dataset, _ in files:
        if dataset == "events":
            table = pyarrow.parquet.read_table(f"{env['CITYPULSE_S3_BUCKET']}/{path}", filesystem=s3)
            for row in table.select(["event_id", "occupied", "capacity", "status", "note",
                                     "occupancy_pct"]).to_pylist():
                lake[row.pop("event_id")] = row
    assert lake == {r.wire()["event_id"]: {"occupied": r.occupied, "capacity": r.capacity, "status": r.status,
                                            "note": r.note,
                                            "occupancy_pct": pytest.approx(100 * r.occupied / r.capacity)}
                    for r in parking_city.readings}
    assert {r.status for r in parking_city.readings} == {"OPEN", "FULL", "PARTLY_CLOSED"}


def test_the_batch_views_hold_every_hour_of_the_new_type(live_platform, parking_city):
    rows = live_platform.query("SELECT sensor_id, hour_start, measure, count, min, max, sum FROM batch_sensor_hourly "
                               "WHERE sensor_type = %s", (parking.TYPE,))
    found = {(s, h, m): (c, lo, hi, total) for s, h, m, c, lo, hi, total in rows}
    want = expected(parking_city.readings, timedelta(hours=1))
    assert found == want


def test_the_aggregations_merge_both_layers_for_the_new_type(live_platform, parking_city):
    answer = live_platform.get("/api/v1/aggregations?sensorType=parking&window=6h")
    horizon = datetime.fromisoformat(answer["batchHorizon"].replace("Z", "+00:00"))
    start = datetime.fromisoformat(answer["from"].replace("Z", "+00:00"))
    # Before the horizon, the batch views' hours; from it on, the speed layer's minutes (checked above).
    speed = dict(((zone, measure), count) for zone, measure, count in live_platform.query(
        "SELECT zone_id, measure, sum(count) FROM rt_minute_aggregate WHERE sensor_type = %s AND minute_start >= %s "
        "GROUP BY 1, 2", (parking.TYPE, horizon)))
    want = defaultdict(int)
    for r in parking_city.readings:
        if start <= utc(r.event_time_ms) < horizon:
            for measure in MEASURES:
                want[(r.zone, measure)] += 1
    for key, count in speed.items():
        want[key] += count
    got = {(item["zone"], measure): stats["count"] for item in answer["items"]
           for measure, stats in item["measures"].items()}
    assert {item["sensorType"] for item in answer["items"]} == {"parking"}
    assert got == dict(want)
    assert {item["zone"] for item in answer["items"]} == {zone for _, zone, _ in parking.FACILITIES}
