"""The hourly DAG on a city made the way `./citypulse up` makes it: realtime mode with a recent past and the default
injections, the ingest taking its end offsets while late readings are still in flight (held 150-300 s by their
sensors). The run must be green: a reading that is late is in the next range, not lost, and a gap it leaves for now
is data quality, reported once settled, never a failure.
"""

import os
import re
import signal
import subprocess
import time
from datetime import datetime, timedelta, timezone

from e2e_support import GENERATOR_JAR, query, requires_jars, run_hourly_ingest

pytestmark = requires_jars

HISTORY_HOURS = 2
SENSORS = {"traffic": 30, "weather": 5, "energy": 30}
LATE = re.compile(r"delivered ([0-9.]+) s after its event time")


def _reading_records(stack) -> int:
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": stack["CITYPULSE_KAFKA_BOOTSTRAP"], "group.id": "e2e-probe",
                         "enable.auto.commit": False})
    try:
        return sum(consumer.get_watermark_offsets(TopicPartition(f"citypulse.readings.{t}", p), timeout=10)[1]
                   for t in SENSORS for p in range(3))
    finally:
        consumer.close()


def _labels(stack) -> list[dict]:
    import json

    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": stack["CITYPULSE_KAFKA_BOOTSTRAP"], "group.id": "e2e-labels",
                         "enable.auto.commit": False})
    try:
        tp = TopicPartition("citypulse.groundtruth", 0)
        _, end = consumer.get_watermark_offsets(tp, timeout=10)
        consumer.assign([TopicPartition("citypulse.groundtruth", 0, 0)])
        labels = []
        while len(labels) < end:
            msg = consumer.poll(5)
            assert msg is not None, f"ground truth: read {len(labels)} of {end} labels"
            labels.append(json.loads(msg.value()))
        return labels
    finally:
        consumer.close()


def test_hourly_dag_is_green_while_late_readings_are_in_flight(stack, db, airflow, tmp_path):
    env = {**os.environ, **stack}
    log = open(tmp_path / "generator.log", "w")
    generator = subprocess.Popen(
        ["java", "-jar", str(GENERATOR_JAR), "--mode", "realtime", "--history", f"{HISTORY_HOURS}h",
         *(a for t, n in SENSORS.items() for a in (f"--{t}", str(n))), "--metrics-port", "0"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # The past is sent at once; then the city goes on in realtime, holding late readings back.
        past = HISTORY_HOURS * 3600 * sum(SENSORS.values())
        deadline = time.monotonic() + 180
        while _reading_records(stack) < past:
            assert generator.poll() is None and time.monotonic() < deadline, (tmp_path / "generator.log").read_text()[-3000:]
            time.sleep(1)
        time.sleep(20)  # a little realtime, with late readings in flight

        out = run_hourly_ingest(airflow)
        assert "job=reconcile status=ok" in out and "problems=0" in out
    finally:
        generator.send_signal(signal.SIGTERM)
        generator.wait(timeout=60)
        log.close()

    # The ingest took its end offsets while late readings were held back: they were in flight, and nothing failed.
    [(ingest_started,)] = query(db, "SELECT min(started_at) FROM ingest_run WHERE job = 'ingest'")
    in_flight = []
    for label in _labels(stack):
        m = LATE.search(label.get("detail", ""))
        if label["kind"] == "LATE" and m:
            event_time = datetime.fromisoformat(label["from"].replace("Z", "+00:00"))
            if event_time < ingest_started < event_time + timedelta(seconds=float(m.group(1))):
                in_flight.append(label["event_id"])
    assert in_flight, "no late reading was in flight when the ingest took its offsets: the test proves nothing"
    print(f"late readings in flight at the ingest: {len(in_flight)}; reconcile: "
          + " ".join(re.findall(r"(?:sequence_gaps|pending_gaps|settled_hours|missing_readings\[\w+\])=\d+", out)))

    # The batch horizon is set, and every settled hour of each type has its data-quality row.
    [(horizon,)] = query(db, "SELECT horizon FROM batch_horizon")
    assert horizon is not None and horizon > datetime.now(timezone.utc) - timedelta(hours=HISTORY_HOURS)
    settled = query(db, "SELECT sensor_type, count(*), sum(missing_readings) FROM sequence_gap_hourly GROUP BY 1 ORDER BY 1")
    assert [t for t, _, _ in settled] == sorted(SENSORS), settled

    # The daily data-quality report picks the settled hours up.
    from citypulse_common import maintenance, settings
    from citypulse_common.settings import Platform
    from citypulse_common.stack_env import parse_jdbc_url

    host, port, name = parse_jdbc_url(stack["CITYPULSE_DB_URL"])
    p = Platform(stack["CITYPULSE_KAFKA_BOOTSTRAP"], stack["CITYPULSE_S3_ENDPOINT"], stack["CITYPULSE_S3_ACCESS_KEY"],
                 stack["CITYPULSE_S3_SECRET_KEY"], stack["CITYPULSE_S3_BUCKET"], host, port, name,
                 stack["CITYPULSE_DB_USER"], stack["CITYPULSE_DB_PASSWORD"])
    days = {h.date() for (h,) in query(db, "SELECT hour_start AT TIME ZONE 'UTC' FROM sequence_gap_hourly")}
    missing = {}
    with maintenance.connect(p) as conn:
        for day in days:
            for row in maintenance.quality_report(conn, settings.s3_filesystem(p), p.s3_bucket, day, 120):
                missing[row["sensor_type"]] = missing.get(row["sensor_type"], 0) + (row["missing_readings"] or 0)
    assert missing == {t: int(n) for t, _, n in settled}
