"""A sensor type the platform was not built with: `parking`, declared by sensor-types/parking.json beside this file
and nothing else. The API suite's platform starts with that folder as CITYPULSE_SENSOR_TYPES_DIR, and this module
writes a small parking city to its topic the way any producer would: wire JSON built here, not by the contract's
encoder. test_new_sensor_type.py follows the readings through every layer."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from confluent_kafka import Producer

TYPES_DIR = Path(__file__).resolve().parent / "sensor-types"
DECLARATION = json.loads((TYPES_DIR / "parking.json").read_text())
TYPE = DECLARATION["type"]
TOPIC = DECLARATION["topic"]
MINUTE_MS = 60_000
# Six facilities, two per zone, each with its own size; one reading a minute.
FACILITIES = [(f"parking-{i + 1:04d}", zone, capacity) for i, (zone, capacity) in enumerate(
    [("downtown", 400), ("downtown", 150), ("harbour", 250), ("harbour", 90), ("old-town", 120), ("old-town", 600)])]
CLOSED_NOTE = "level -2 closed for cleaning"
# Records a producer may send by mistake, each with the reason the decoder must give (docs/schema.md).
MALFORMED = {
    "occupied below its minimum": ("out_of_range", lambda r: {**r, "occupied": -3}),
    "a status not in its categories": ("out_of_range", lambda r: {**r, "status": "SHUT"}),
    "a note longer than 80": ("out_of_range", lambda r: {**r, "note": "x" * 81}),
    "no capacity": ("missing_field", lambda r: {k: v for k, v in r.items() if k != "capacity"}),
    "no status": ("missing_field", lambda r: {k: v for k, v in r.items() if k != "status"}),
    "a fraction of a bay": ("wrong_type", lambda r: {**r, "occupied": 2.5}),
    "a status as a number": ("wrong_type", lambda r: {**r, "status": 1}),
    "cut off": ("not_decodable", lambda r: json.dumps(r)[:-9]),
}


@dataclass(frozen=True)
class Reading:
    sensor_id: str
    zone: str
    event_time_ms: int
    seq: int
    occupied: int
    capacity: int
    status: str
    note: str | None  # nullable: left out of the record when None

    def wire(self) -> dict:
        record = {"schema_version": 2, "event_id": f"{self.sensor_id}-{self.seq}", "sensor_id": self.sensor_id,
                  "sensor_type": TYPE, "zone": self.zone, "lat": 52.37, "lon": 4.89,
                  "event_time_ms": self.event_time_ms, "seq": self.seq, "occupied": self.occupied,
                  "capacity": self.capacity, "status": self.status}
        return record if self.note is None else {**record, "note": self.note}


def readings(end_ms: int, minutes: int) -> list[Reading]:
    """One reading per facility and minute over the `minutes` before `end_ms`, in event-time order: a daily-ish
    curve of occupied bays, and a level closed (a third of the capacity, with a note) for twenty minutes in the
    middle; the sign says FULL when every open bay is taken."""
    first = (end_ms // MINUTE_MS - minutes) * MINUTE_MS
    out = []
    for minute in range(minutes):
        for index, (sensor_id, zone, capacity) in enumerate(FACILITIES):
            closed = minutes // 2 <= minute < minutes // 2 + 20
            open_bays = capacity - capacity // 3 if closed else capacity
            fill = 0.55 + 0.5 * math.sin(minute / 17 + index)  # full for a while around each peak
            occupied = min(open_bays, round(capacity * fill))
            status = "PARTLY_CLOSED" if closed else "FULL" if occupied == open_bays else "OPEN"
            out.append(Reading(sensor_id, zone, first + minute * MINUTE_MS + index * 7_000, minute, occupied,
                               open_bays, status, CLOSED_NOTE if closed else None))
    return out


@dataclass(frozen=True)
class ParkingCity:
    readings: list[Reading]
    malformed: dict[bytes, str]  # the record sent -> the reason it must be rejected with


def produce(bootstrap: str, city: list[Reading]) -> ParkingCity:
    """Sends the city's readings keyed by sensor id (acks=all), then one malformed record per reason."""
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
    failures = []

    def delivered(error, _message):
        if error is not None:
            failures.append(error)

    for reading in city:
        producer.produce(TOPIC, key=reading.sensor_id, value=json.dumps(reading.wire()), on_delivery=delivered)
        producer.poll(0)
    last = city[-1]
    bad = {}
    for index, (reason, corrupt) in enumerate(MALFORMED.values()):
        record = corrupt({**last.wire(), "event_id": f"malformed-{index}"})
        value = (record if isinstance(record, str) else json.dumps(record)).encode()
        bad[value] = reason
        producer.produce(TOPIC, key=last.sensor_id, value=value, on_delivery=delivered)
    if producer.flush(60) or failures:
        raise RuntimeError(f"parking readings not acknowledged: {failures[:3]}")
    return ParkingCity(city, bad)
