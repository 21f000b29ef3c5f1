"""`./citypulse chaos`: faults survived on the running platform, not only inside ITs.

Starts the platform as `./citypulse up` does (the local-stack launcher supervising Kafka, s3proxy, PostgreSQL, the
speed layer and the API) in a state directory of its own on free ports, and a realtime city with a recent past.
While the city keeps reporting, it kill -9's in turn the broker, the speed layer, PostgreSQL and the S3 store
(the launcher restarts each), and an ingest run in the middle of its write (stopped at the ingest's
`ingest.range-written` failpoint). Then it stops the city and lets an hourly cycle finish (`airflow dags test
citypulse_hourly_ingest`), and checks:

* reconcile passed, and every record the city got acknowledged is in the lake exactly once;
* the speed views equal what an uninterrupted run computes from the same records (a second speed layer, in a
  consumer group and a database schema of its own, reads the topics from the start);
* the API answered 503, never 500, while a backing service was down, and 200 again afterwards.

Prints a report and, last, `CHAOS {json}`; exit 0 when every check passed. Usage:
    .venv/bin/python infrastructure/chaos/chaos.py [--keep-state DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "testing"))

from running_platform import BIN, JARS, ROOT, City, Platform, missing_jars, spark_submit, wait_for  # noqa: E402

MIGRATIONS = ROOT / "contract/src/main/resources/db/migration"
SENSORS = {"traffic": 30, "weather": 5, "energy": 30}
# Anomalies start after 35 minutes of a sensor's history (docs/anomalies.md): 45 minutes of past and a higher
# anomaly rate give the speed views' comparison some anomalies to compare.
HISTORY_MINUTES = 45
ANOMALY_RATE = "0.001"
SPEED_GROUP = "citypulse-speed-layer"
REFERENCE_GROUP = "citypulse-chaos-reference"
REFERENCE_SCHEMA = "chaos_reference"
# What the API is asked while services fail: each endpoint reads a different backing service.
PROBES = ["/api/v1/sensors?limit=5", "/api/v1/sensors/traffic-0001/history", "/api/v1/anomalies?limit=5",
          "/api/v1/zones", "/api/v1/statistics/kafka", "/api/v1/statistics/parquet?limit=5",
          "/api/v1/statistics/pipeline"]
# The speed layer's views, compared with the reference run's (updated_at is when a row was written, not what).
VIEWS = {
    "rt_minute_aggregate": "sensor_id, minute_start, measure, sensor_type, zone_id, count, min, max, sum",
    "rt_latest_reading": "sensor_id, sensor_type, zone_id, event_id, event_time, seq, measures",
    "anomaly": "anomaly_id, sensor_id, sensor_type, zone_id, anomaly_type, severity, window_start, window_end, "
               "observed_value, threshold, detected_at, attributes, description",
}
BACK_WITHIN_S = 120


def say(message: str) -> None:
    print(f"chaos: {message}", flush=True)


# --- the platform --------------------------------------------------------------------------------------------

# --- the city and the load on the API -----------------------------------------------------------------------

class ApiProbe(threading.Thread):
    """Asks the API every endpoint of PROBES in turn until stopped, recording each status under the current phase."""

    def __init__(self, platform: Platform):
        super().__init__(daemon=True)
        self.platform = platform
        self.phase = "steady"
        self.answers: Counter = Counter()  # (phase, status) -> count
        self.bad: list[str] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            for path in PROBES:
                status = self.platform.api(path)
                phase = self.phase
                self.answers[(phase, status)] += 1
                if status not in (200, 503):
                    self.bad.append(f"{phase}: {path} answered {status}")
            self._halt.wait(0.2)

    def stop(self) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout=60)


# --- faults ---------------------------------------------------------------------------------------------------

def kill_service(platform: Platform, probe: ApiProbe, name: str) -> dict:
    """kill -9 one supervised service and wait until the launcher has it back and everything answers."""
    pid = platform.pid(name)
    probe.phase = f"{name} down"
    started = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    say(f"killed {name} (pid {pid}) with SIGKILL")
    wait_for(f"{name} restarted", lambda: platform.pid(name) != pid, BACK_WITHIN_S)
    wait_for("every service up", platform.all_up, BACK_WITHIN_S, 1)
    back = time.monotonic() - started
    probe.phase = f"{name} back"
    time.sleep(10)  # the clients reconnect, the city keeps reporting
    line = next((l for l in platform.status()[1].splitlines() if l.startswith(name)), "")
    say(f"{name} back in {back:.1f} s: {line.strip()}")
    return {"fault": f"kill -9 {name}", "survived": True, "back_after_s": round(back, 1)}


def kill_ingest_mid_write(platform: Platform, probe: ApiProbe) -> dict:
    """An ingest run stopped at its failpoint (a range's files written, nothing committed), then kill -9."""
    probe.phase = "ingest killed"
    env = {**os.environ, **platform.env, "CITYPULSE_FAILPOINT": "ingest.range-written", "SPARK_LOCAL_IP": "127.0.0.1",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    log_path = platform.state / "ingest-killed.log"
    with open(log_path, "w") as log:
        job = subprocess.Popen(spark_submit("ingest"), env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
        try:
            wait_for("the ingest's failpoint", lambda: job.poll() is not None
                     or "FAILPOINT ingest.range-written" in log_path.read_text(errors="replace"), 300, 1)
        finally:
            if job.poll() is None:
                os.killpg(job.pid, signal.SIGKILL)
                job.wait(timeout=30)
    reached = "FAILPOINT ingest.range-written" in log_path.read_text(errors="replace")
    say("killed an ingest run in the middle of its write" if reached else "the ingest ended before its failpoint")
    [(running,)] = platform.query("SELECT count(*) FROM ingest_run WHERE job = 'ingest' AND status = 'running'")
    probe.phase = "steady"
    return {"fault": "kill -9 ingest mid-write", "survived": None, "left_running_runs": running, "reached": reached}


# --- the hourly cycle and the checks --------------------------------------------------------------------------

def hourly_cycle(platform: Platform) -> str:
    """`airflow dags test citypulse_hourly_ingest` on a throw-away Airflow home; returns its output."""
    from citypulse_common.stack_env import airflow_connections

    home = platform.state / "airflow"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(platform.env)
    env.update(airflow_connections(platform.env))
    env.update({"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
                "CITYPULSE_BATCH_JOBS_JAR": str(JARS["batch-jobs"]), "SPARK_LOCAL_IP": "127.0.0.1",
                "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}"})
    airflow = str(BIN / "airflow")
    subprocess.run([airflow, "db", "migrate"], env=env, capture_output=True, text=True, timeout=300, check=True)
    done = subprocess.run([airflow, "dags", "test", "citypulse_hourly_ingest"], env=env, capture_output=True,
                          text=True, timeout=1200)
    out = done.stdout + done.stderr
    (platform.state / "hourly-cycle.log").write_text(out)
    return out


def summary(out: str, job: str) -> dict:
    lines = re.findall(rf"SUMMARY job={job} status=(\w+) ([^\"\\\n]*)", out)
    if not lines:
        return {}
    status, figures = lines[-1]
    return {"status": status, **{k: int(v) for k, v in re.findall(r"(\w+)=(\d+)\b", figures)}}


def lake_event_ids(platform: Platform) -> dict[str, tuple[int, int]]:
    """Per sensor type: (rows, distinct event ids) over the live event files of the lake."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from citypulse_common.settings import Platform as Services, s3_filesystem
    from citypulse_common.stack_env import parse_jdbc_url

    e = platform.env
    host, port, name = parse_jdbc_url(e["CITYPULSE_DB_URL"])
    s3 = s3_filesystem(Services(e["CITYPULSE_KAFKA_BOOTSTRAP"], e["CITYPULSE_S3_ENDPOINT"], e["CITYPULSE_S3_ACCESS_KEY"],
                                e["CITYPULSE_S3_SECRET_KEY"], e["CITYPULSE_S3_BUCKET"], host, port, name,
                                e["CITYPULSE_DB_USER"], e["CITYPULSE_DB_PASSWORD"]))
    ids: dict[str, list] = {}
    for sensor_type, path in platform.query(
            "SELECT sensor_type, path FROM lake_file WHERE dataset = 'events' AND removed_at IS NULL"):
        with s3.open_input_file(f"{e['CITYPULSE_S3_BUCKET']}/{path}") as f:
            ids.setdefault(sensor_type, []).append(pq.read_table(f, columns=["event_id"]).column(0))
    return {t: (sum(len(c) for c in cols), len(pc.unique(pa_concat(cols)))) for t, cols in ids.items()}


def pa_concat(columns):
    import pyarrow as pa

    return pa.chunked_array([chunk for c in columns for chunk in c.chunks])


def reference_speed_run(platform: Platform) -> dict:
    """A second speed layer, in a consumer group and a schema of its own, over the same records from the start."""
    with platform.db() as conn, conn.cursor() as cur:
        cur.execute(f"DROP SCHEMA IF EXISTS {REFERENCE_SCHEMA} CASCADE")
        cur.execute(f"CREATE SCHEMA {REFERENCE_SCHEMA}")
        cur.execute(f"SET search_path = {REFERENCE_SCHEMA}")
        # The contract's migrations, in version order (what Flyway applies to the serving schema).
        for migration in sorted(MIGRATIONS.glob("V*__*.sql"), key=lambda p: int(p.name[1:].split("__")[0])):
            cur.execute(migration.read_text())
    env = {**os.environ, **platform.env, "CITYPULSE_SPEED_GROUP": REFERENCE_GROUP, "CITYPULSE_SPEED_METRICS_PORT": "0",
           "CITYPULSE_DB_URL": platform.env["CITYPULSE_DB_URL"] + f"?currentSchema={REFERENCE_SCHEMA}"}
    end = platform.end_offsets()
    with open(platform.state / "speed-reference.log", "w") as log:
        reference = subprocess.Popen(["java", "-jar", str(JARS["speed-layer"])], env=env, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            caught_up(platform, REFERENCE_GROUP, end, REFERENCE_SCHEMA, reference)
        finally:
            reference.send_signal(signal.SIGTERM)
            reference.wait(timeout=60)
    differences = {}
    for table, columns in VIEWS.items():
        live_only, reference_only = platform.query(
            f"SELECT (SELECT count(*) FROM (SELECT {columns} FROM public.{table} EXCEPT "
            f"SELECT {columns} FROM {REFERENCE_SCHEMA}.{table}) a), "
            f"(SELECT count(*) FROM (SELECT {columns} FROM {REFERENCE_SCHEMA}.{table} EXCEPT "
            f"SELECT {columns} FROM public.{table}) b)")[0]
        [(rows,)] = platform.query(f"SELECT count(*) FROM public.{table}")
        differences[table] = {"rows": rows, "only_in_chaos_run": live_only, "only_in_reference": reference_only}
    return differences


def caught_up(platform: Platform, group: str, end: dict, schema: str = "public", process=None) -> None:
    """Waits until the group's checkpoints stand at the end offsets (views are written with the checkpoint)."""
    def done():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the speed layer of {group} exited with {process.returncode}")
        rows = platform.query("SELECT topic, partition, next_offset FROM speed_layer_checkpoint WHERE consumer_group = %s",
                              (group,), schema)
        at = {(t, p): o for t, p, o in rows}
        return all(at.get(tp, 0) >= offset for tp, offset in end.items() if offset > 0)

    wait_for(f"the speed layer of {group} at the end offsets", done, 300, 1)


def run(state: Path) -> dict:
    platform = Platform(state)
    results: dict = {"faults": []}
    probe = None
    city = City(platform, SENSORS, HISTORY_MINUTES, ANOMALY_RATE)
    try:
        say(f"starting the platform in {state}")
        platform.start()
        city.start()
        say("the city's recent past is on the topics; the city reports in realtime")
        probe = ApiProbe(platform)
        probe.start()
        time.sleep(10)
        for name in ("kafka", "speed-layer", "postgres", "s3"):
            results["faults"].append(kill_service(platform, probe, name))
        ingest_fault = kill_ingest_mid_write(platform, probe)
        results["faults"].append(ingest_fault)
        probe.stop()
        delivery = city.stop()
        say(f"the city stopped: {delivery}")
        end = platform.end_offsets()
        caught_up(platform, SPEED_GROUP, end)

        out = hourly_cycle(platform)
        dag_green = bool(re.search(r"DagRun Finished: .*state=success", out))
        ingest, reconcile = summary(out, "ingest"), summary(out, "reconcile")
        ingest_fault["survived"] = dag_green and ingest.get("runs_aborted", 0) >= 1
        say(f"hourly cycle {'green' if dag_green else 'FAILED'}: ingest {ingest}, reconcile {reconcile}")

        [(ingested,)] = platform.query("SELECT coalesce(sum(records), 0) FROM ingest_range")
        in_kafka = sum(end.values())
        acknowledged = delivery["acknowledged"] - delivery["labels"]  # labels are acknowledged too, on their own topic
        lake = lake_event_ids(platform)
        results.update({
            "dag_green": dag_green,
            "reconcile_problems": reconcile.get("problems"),
            "records_in_kafka": in_kafka,
            "records_ingested": int(ingested),
            "records_acknowledged": acknowledged,
            "records_failed": delivery["failed"],
            # Reconcile proved every ingested record is in the lake, quarantine or a dropped duplicate; every
            # record in Kafka was ingested; so an acknowledged record is lost only if Kafka holds fewer.
            "records_lost": max(0, acknowledged - in_kafka) + max(0, in_kafka - int(ingested)),
            "lake_rows_not_unique": sum(rows - distinct for rows, distinct in lake.values()),
            "speed_views": reference_speed_run(platform),
            "api_answers": {f"{phase}: {status}": n for (phase, status), n in sorted(probe.answers.items())},
            "api_bad_answers": probe.bad[:20],
            "api_503_while_down": sum(n for (phase, status), n in probe.answers.items()
                                      if status == 503 and phase.endswith("down")),
            "api_final": {path: platform.api(path) for path in PROBES},
        })
    finally:
        try:
            if probe is not None:
                probe.stop()
            city.kill()
        finally:
            platform.stop()
    return results


def verdict(r: dict) -> list[str]:
    """What failed, as sentences; empty when the platform survived everything."""
    problems = [f"{f['fault']} not survived" for f in r["faults"] if not f["survived"]]
    if not r.get("dag_green"):
        problems.append("the hourly cycle after the faults was not green")
    if r.get("reconcile_problems") != 0:
        problems.append(f"reconcile problems: {r.get('reconcile_problems')}")
    if r.get("records_lost"):
        problems.append(f"{r['records_lost']} acknowledged records are not in the lake")
    if r.get("lake_rows_not_unique"):
        problems.append(f"{r['lake_rows_not_unique']} lake rows repeat an event id")
    for table, d in r.get("speed_views", {}).items():
        if d["only_in_chaos_run"] or d["only_in_reference"] or not d["rows"]:
            problems.append(f"speed view {table} differs from the uninterrupted run: {d}")
    if r.get("api_bad_answers"):
        problems.append("the API answered other than 200/503: " + "; ".join(r["api_bad_answers"]))
    if not r.get("api_503_while_down"):
        problems.append("the API never answered 503 while a service was down: the probe tested nothing")
    if any(status != 200 for status in r.get("api_final", {}).values()):
        problems.append(f"the API did not recover: {r['api_final']}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep-state", type=Path, help="state directory to use and keep (default: a temporary one)")
    args = parser.parse_args(argv)
    missing = missing_jars()
    if missing:
        print(f"chaos: not built: {', '.join(missing)} (run `mvn install -DskipTests`)", file=sys.stderr)
        return 2
    state = args.keep_state or Path(tempfile.mkdtemp(prefix="citypulse-chaos-"))
    started = time.monotonic()
    results = run(state)
    results["seconds"] = round(time.monotonic() - started)
    problems = verdict(results)
    survived = sum(1 for f in results["faults"] if f["survived"])
    results.update({"faults_survived": f"{survived}/{len(results['faults'])}", "problems": problems})
    for f in results["faults"]:
        say(f"  {f['fault']}: {'survived' if f['survived'] else 'NOT survived'} {f}")
    say(f"faults survived {results['faults_survived']}, records lost {results.get('records_lost')}, "
        f"API 503s while down {results.get('api_503_while_down')}, other 5xx {len(results.get('api_bad_answers', []))}")
    for p in problems:
        say(f"PROBLEM {p}")
    if not args.keep_state:
        shutil.rmtree(state, ignore_errors=True)
    print("CHAOS " + json.dumps(results, sort_keys=True, default=str))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
