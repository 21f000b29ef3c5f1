"""End to end on real Airflow and the real local stack (Kafka, s3proxy, PostgreSQL) with generated readings.

`airflow dags test citypulse_hourly_ingest` runs every task as the scheduler would (spark-submit of the
batch-jobs jar included). The first run fills the lake and the batch views and reconcile passes; the
second run must change nothing. Needs the local-stack, generator and batch-jobs jars (mvn install).
"""

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parent.parent

ROOT = DAGS_DIR.parent
GENERATOR_JAR = ROOT / "generator/target/citypulse-generator.jar"
BATCH_JAR = ROOT / "batch-jobs/target/citypulse-batch-jobs.jar"
_missing = [str(j.relative_to(ROOT)) for j in (GENERATOR_JAR, BATCH_JAR) if not j.is_file()]
pytestmark = pytest.mark.skipif(bool(_missing), reason=f"not built: {', '.join(_missing)} "
                                                      "(run `mvn install -DskipTests` at the repository root)")

# 10 sensors, one reading every 5 minutes for two hours: 24 readings each, 240 in all, in hours 00 and 01.
START, END, INTERVAL_MIN = "2026-03-02T00:00:00Z", "2026-03-02T02:00:00Z", 5
SENSORS = {"traffic": 4, "weather": 2, "energy": 4}
READINGS_PER_SENSOR = 120 // INTERVAL_MIN
MEASURES = {"traffic": 3, "weather": 6, "energy": 5}
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def db(stack):
    import psycopg2

    from citypulse_common.stack_env import parse_jdbc_url

    host, port, name = parse_jdbc_url(stack["CITYPULSE_DB_URL"])
    conn = psycopg2.connect(host=host, port=port, dbname=name, user=stack["CITYPULSE_DB_USER"],
                            password=stack["CITYPULSE_DB_PASSWORD"])
    conn.autocommit = True
    yield conn
    conn.close()


def query(db, sql, params=None):
    with db.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


@pytest.fixture(scope="module")
def airflow(stack, tmp_path_factory):
    """Runs `airflow <args>` with a fresh SQLite metadata DB and the stack's connections, as run-airflow.sh does."""
    from citypulse_common.stack_env import airflow_connections

    home = tmp_path_factory.mktemp("airflow")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(stack)
    env.update(airflow_connections(stack))
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "CITYPULSE_BATCH_JOBS_JAR": str(BATCH_JAR),
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",  # spark-submit of pyspark 3.5.7 in this venv
        "SPARK_LOCAL_IP": "127.0.0.1",
    })

    def run(*args, timeout=300):
        done = subprocess.run([str(BIN / "airflow"), *args], env=env, capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stdout + done.stderr

    code, out = run("db", "migrate")
    assert code == 0, out[-3000:]
    return run


def generate(stack) -> dict:
    env = {**os.environ, **stack}
    done = subprocess.run(
        ["java", "-jar", str(GENERATOR_JAR), "--mode", "simulated", "--start", START, "--end", END,
         "--interval", f"{INTERVAL_MIN}m", *(a for t, n in SENSORS.items() for a in (f"--{t}", str(n))),
         "--injections", "duplicate,malformed", "--duplicate-rate", "0.05", "--malformed-rate", "0.03",
         "--metrics-port", "0", "--no-progress"],
        env=env, capture_output=True, text=True, timeout=180)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-3000:]
    m = re.search(r"done: (\d+) readings generated, (\d+) records sent \((\d+) labels\), \d+ acknowledged, 0 failed", out)
    assert m, out[-3000:]
    readings, sent, labels = map(int, m.groups())
    return {"readings": readings, "reading_topic_records": sent - labels}


def run_hourly_ingest(airflow) -> str:
    code, out = airflow("dags", "test", "citypulse_hourly_ingest")
    finished = [line for line in out.splitlines() if "DagRun Finished" in line]
    assert code == 0 and finished and "state=success" in finished[-1], out[-6000:]
    return out


SNAPSHOT = {t: f"SELECT * FROM {t}" for t in (
    "ingest_run", "ingest_range", "ingest_offset", "lake_file",
    "batch_sensor_hourly", "batch_sensor_daily", "batch_zone_hourly", "batch_zone_daily")}
# batch-views re-covers days whose files are less than an hour older than its previous run (a margin against
# late-committing ingests), so a quick re-run rewrites the same rows and re-stamps batch_horizon.updated_at/run_id.
SNAPSHOT["batch_horizon"] = "SELECT horizon FROM batch_horizon"


def snapshot(db) -> dict:
    return {t: sorted(query(db, sql), key=repr) for t, sql in SNAPSHOT.items()}


def test_health_checks_name_the_failing_service(stack):
    from citypulse_common import health
    from citypulse_common.settings import Platform
    from citypulse_common.stack_env import parse_jdbc_url

    host, port, name = parse_jdbc_url(stack["CITYPULSE_DB_URL"])
    good = Platform(stack["CITYPULSE_KAFKA_BOOTSTRAP"], stack["CITYPULSE_S3_ENDPOINT"], stack["CITYPULSE_S3_ACCESS_KEY"],
                    stack["CITYPULSE_S3_SECRET_KEY"], stack["CITYPULSE_S3_BUCKET"], host, port, name,
                    stack["CITYPULSE_DB_USER"], stack["CITYPULSE_DB_PASSWORD"])
    assert health.check_kafka(good.kafka_bootstrap).startswith("Kafka reachable")
    assert health.check_s3(good).startswith("S3 bucket")
    assert health.check_postgres(good).startswith("PostgreSQL reachable")

    with pytest.raises(health.HealthCheckFailed, match=r"^Kafka unreachable .*127\.0\.0\.1:1: "):
        health.check_kafka("127.0.0.1:1")
    with pytest.raises(health.HealthCheckFailed, match=r"^S3 bucket missing: bucket 'no-such-bucket' at http"):
        health.check_s3(Platform(**{**good.__dict__, "s3_bucket": "no-such-bucket"}))
    with pytest.raises(health.HealthCheckFailed, match=r'^PostgreSQL unreachable: no_such_role@127\.0\.0\.1:\d+/citypulse '
                                                       r'\(connection citypulse_db\): .*role "no_such_role" does not exist'):
        health.check_postgres(Platform(**{**good.__dict__, "db_user": "no_such_role"}))


def test_hourly_ingest_fills_lake_and_views_and_a_second_run_changes_nothing(stack, db, airflow):
    produced = generate(stack)
    sensors = sum(SENSORS.values())
    assert produced["readings"] == sensors * READINGS_PER_SENSOR

    out = run_hourly_ingest(airflow)
    assert "job=reconcile status=ok" in out and "problems=0" in out

    # The manifest accounts for every record of the reading topics, and the lake holds every unique reading.
    [(records, written, quarantined, duplicates)] = query(
        db, "SELECT sum(records), sum(rows_written), sum(rows_quarantined), sum(duplicates_dropped) FROM ingest_range")
    assert records == produced["reading_topic_records"]
    assert written == produced["readings"]
    assert quarantined > 0 and duplicates > 0
    assert written + quarantined + duplicates == records
    assert dict(query(db, "SELECT dataset, sum(rows) FROM lake_file WHERE removed_at IS NULL GROUP BY 1")) == {
        "events": written, "quarantine": quarantined}
    assert query(db, "SELECT status, count(*) FROM ingest_run GROUP BY 1") == [("committed", 1)]

    # Batch views: every sensor and measure over both hours, counts adding up to the readings.
    per_type = query(db, """SELECT sensor_type, count(DISTINCT sensor_id), count(DISTINCT measure),
                                   count(DISTINCT hour_start), min(total), max(total)
                            FROM (SELECT sensor_type, sensor_id, measure, min(hour_start) hour_start, sum(count) total
                                  FROM batch_sensor_hourly GROUP BY 1, 2, 3) s GROUP BY 1 ORDER BY 1""")
    assert per_type == [(t, SENSORS[t], MEASURES[t], 1, READINGS_PER_SENSOR, READINGS_PER_SENSOR) for t in sorted(SENSORS)]
    assert [h for (h,) in query(db, "SELECT DISTINCT hour_start FROM batch_sensor_hourly ORDER BY 1")] == [
        datetime(2026, 3, 2, 0, tzinfo=timezone.utc), datetime(2026, 3, 2, 1, tzinfo=timezone.utc)]
    assert query(db, "SELECT count(*) FROM batch_sensor_hourly")[0][0] == 2 * sum(SENSORS[t] * MEASURES[t] for t in SENSORS)
    assert query(db, "SELECT horizon FROM batch_horizon") == [(datetime(2026, 3, 2, 1, tzinfo=timezone.utc),)]

    before = snapshot(db)
    out = run_hourly_ingest(airflow)
    assert 'job=ingest status=ok rows=0' in out and 'note="nothing new to ingest"' in out
    assert "job=reconcile status=ok" in out and "problems=0" in out
    assert snapshot(db) == before
