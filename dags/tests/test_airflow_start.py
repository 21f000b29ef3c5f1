"""Airflow started as `./citypulse up` starts it (dags/run-airflow.sh) against a real local stack: the scheduler
starts only once the api-server answers, so no task fails its first try for want of an api-server (the
`httpcore.ReadTimeout` first tries of issue 16), `trigger` starts one run of the hourly ingest, and
CITYPULSE_AIRFLOW_PAUSED=True still leaves every DAG paused.

Bounded: it waits for the first tasks of an hourly run (the three health checks), not for the Spark jobs.
"""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from citypulse_common import local_airflow

RUN_AIRFLOW = Path(__file__).resolve().parent.parent / "run-airflow.sh"
FIRST_TASKS = {"check_kafka", "check_s3", "check_postgres"}
BAD_STATES = {"failed", "up_for_retry", "upstream_failed"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Airflow:
    """One run-airflow.sh on free ports with a state directory of its own."""

    def __init__(self, stack: dict, home: Path, **settings: str):
        self.base = f"http://127.0.0.1:{free_port()}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        self.env.update(stack)
        self.env.update({"CITYPULSE_STATE_DIR": str(home), "CITYPULSE_AIRFLOW_PORT": self.base.rsplit(":", 1)[1],
                         "CITYPULSE_AIRFLOW_WORKER_LOG_PORT": str(free_port()),
                         "CITYPULSE_AIRFLOW_TRIGGER_LOG_PORT": str(free_port()), **settings})
        self.output = home / "airflow.log"
        self.passwords = home / "airflow/passwords.json"
        self.proc = None

    @contextmanager
    def running(self):
        with open(self.output, "w") as log:
            self.proc = subprocess.Popen(["bash", str(RUN_AIRFLOW)], env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        try:
            try:
                local_airflow.wait_healthy(self.base, timeout=300, pid=self.proc.pid)
            except local_airflow.AirflowUnavailable as e:
                pytest.fail(f"{e}\n{self.log_tail()}")
            yield self
        finally:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def trigger(self, dag_id: str) -> str:
        done = subprocess.run(["bash", str(RUN_AIRFLOW), "trigger", dag_id], env=self.env, capture_output=True,
                              text=True, timeout=400)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout.strip()

    def get(self, path: str) -> dict:
        jwt = local_airflow.token(self.base, "admin", local_airflow.admin_password(self.passwords))
        status, body = local_airflow.request(self.base + path, token=jwt)
        assert status == 200, (path, status, body)
        return body

    def log_tail(self) -> str:
        return self.output.read_text()[-4000:]


def test_no_task_fails_its_first_try_and_trigger_starts_one_hourly_run(stack, tmp_path):
    with Airflow(stack, tmp_path).running() as airflow:
        said = airflow.trigger("citypulse_hourly_ingest")
        # The scheduler may have started the latest interval's run already: then trigger adds none.
        assert said.startswith(("triggered citypulse_hourly_ingest: run manual__",
                                "citypulse_hourly_ingest already has run scheduled__")), said

        deadline = time.monotonic() + 300
        while True:
            tis = airflow.get("/api/v2/dags/~/dagRuns/~/taskInstances?limit=1000")["task_instances"]
            bad = [(t["dag_id"], t["task_id"], t["state"], t["try_number"]) for t in tis
                   if t["state"] in BAD_STATES or (t["try_number"] or 0) > 1]
            assert not bad, f"tasks that failed or needed another try: {bad}\n{airflow.log_tail()}"
            done = {t["task_id"] for t in tis if t["dag_id"] == "citypulse_hourly_ingest" and t["state"] == "success"}
            if FIRST_TASKS <= done:
                break
            assert time.monotonic() < deadline, f"health checks not done in 300 s: {tis}\n{airflow.log_tail()}"
            time.sleep(3)

        runs = airflow.get("/api/v2/dags/citypulse_hourly_ingest/dagRuns")["dag_runs"]
        assert [r["run_type"] for r in runs].count("manual") == (1 if said.startswith("triggered") else 0)
        assert len(runs) == 1, f"one first hourly run, not {[(r['dag_run_id'], r['state']) for r in runs]}"
        log = airflow.output.read_text()
        assert "ReadTimeout" not in log
        # The order itself, which the absence of failures under a light load cannot show.
        assert log.index("run-airflow: api-server answers") < log.index("run-airflow: started scheduler")


def test_paused_airflow_leaves_every_dag_paused_and_triggers_nothing(stack, tmp_path):
    with Airflow(stack, tmp_path, CITYPULSE_AIRFLOW_PAUSED="True").running() as airflow:
        assert airflow.trigger("citypulse_hourly_ingest") == (
            "citypulse_hourly_ingest is paused (CITYPULSE_AIRFLOW_PAUSED=True leaves every DAG paused): no run triggered")

        dags = airflow.get("/api/v2/dags?dag_id_pattern=citypulse")["dags"]
        assert {d["dag_id"] for d in dags} == {"citypulse_hourly_ingest", "citypulse_daily_maintenance", "citypulse_backfill"}
        assert all(d["is_paused"] for d in dags), dags
        assert airflow.get("/api/v2/dags/~/dagRuns")["total_entries"] == 0
