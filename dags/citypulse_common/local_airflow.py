"""The local Airflow's REST API for `run-airflow.sh`: wait until the api-server answers, trigger one run of a DAG.

    python -m citypulse_common.local_airflow wait-healthy [--pid PID] [--timeout S]
    python -m citypulse_common.local_airflow trigger DAG_ID [--timeout S]

The api-server is `$AIRFLOW__API__BASE_URL`; `trigger` logs in as `admin` with the password the simple auth manager
generated into `$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE` (JWT from POST /auth/token). Standard library
only, so it runs before Airflow's own imports would have loaded. Every failure exits 1 with one line naming the URL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HEALTH = "/api/v2/monitor/health"
# How long `trigger` waits for the scheduler to start a run that is due before it triggers one itself.
SCHEDULER_GRACE_S = 60


class AirflowUnavailable(Exception):
    """The api-server did not answer as needed; the message names the URL and what it answered."""


def request(url: str, *, method: str = "GET", body: dict | None = None, token: str | None = None,
            timeout: float = 10) -> tuple[int, dict]:
    """(status, JSON body) of one request; status 0 when nothing answers."""
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"{}")
        except ValueError:
            return e.code, {}
    except (urllib.error.URLError, OSError, ValueError):
        return 0, {}


def wait_healthy(base: str, timeout: float, pid: int | None = None, poll: float = 0.5) -> float:
    """Seconds until GET /api/v2/monitor/health answers 200; fails if `pid` (the api-server) exits first."""
    started = time.monotonic()
    while True:
        status, _ = request(base + HEALTH, timeout=5)
        if status == 200:
            return time.monotonic() - started
        if pid is not None and not _alive(pid):
            raise AirflowUnavailable(f"the api-server (pid {pid}) exited before {base + HEALTH} answered")
        if time.monotonic() - started > timeout:
            raise AirflowUnavailable(f"{base + HEALTH} did not answer 200 within {timeout:.0f} s "
                                     f"(last answer: {status or 'none'})")
        time.sleep(poll)


def token(base: str, user: str, password: str) -> str:
    status, body = request(base + "/auth/token", method="POST", body={"username": user, "password": password})
    if status != 201 or "access_token" not in body:
        raise AirflowUnavailable(f"cannot log in to {base} as {user}: POST /auth/token answered {status or 'nothing'}")
    return body["access_token"]


def admin_password(passwords_file: Path, user: str = "admin") -> str:
    try:
        return json.loads(passwords_file.read_text())[user]
    except (OSError, ValueError, KeyError) as e:
        raise AirflowUnavailable(f"no password for {user} in {passwords_file} ({e.__class__.__name__}: {e})") from e


def trigger(base: str, jwt: str, dag_id: str, timeout: float, poll: float = 2) -> str:
    """Waits until `dag_id` is parsed, then triggers one run of it; returns a line saying what happened."""
    dag_url = f"{base}/api/v2/dags/{dag_id}"
    started = time.monotonic()
    while True:
        status, dag = request(dag_url, token=jwt)
        if status == 200:
            break
        if status != 404 or time.monotonic() - started > timeout:
            raise AirflowUnavailable(f"{dag_id} is not there to trigger: GET {dag_url} answered {status or 'nothing'}"
                                     f" after {time.monotonic() - started:.0f} s (import errors: GET {base}/api/v2/importErrors)")
        time.sleep(poll)
    if dag.get("is_paused"):
        return f"{dag_id} is paused (CITYPULSE_AIRFLOW_PAUSED=True leaves every DAG paused): no run triggered"
    # On a fresh start the scheduler itself starts the run of the latest interval (catchup=False): one is enough.
    # It may not have yet when the DAG is first visible: a run due already (next_dagrun_run_after passed) is
    # waited for, up to SCHEDULER_GRACE_S, rather than doubled.
    due = dag.get("next_dagrun_run_after")
    grace = SCHEDULER_GRACE_S if due and datetime.fromisoformat(due.replace("Z", "+00:00")) <= datetime.now(timezone.utc) else 0
    waited = time.monotonic()
    while True:
        status, runs = request(dag_url + "/dagRuns?state=queued&state=running", token=jwt)
        if status == 200 and runs.get("dag_runs"):
            first = runs["dag_runs"][0]
            return f"{dag_id} already has run {first['dag_run_id']} ({first['state']}): no second run triggered"
        if time.monotonic() - waited >= grace:
            break
        time.sleep(poll)
    status, run = request(dag_url + "/dagRuns", method="POST", body={"logical_date": None}, token=jwt)
    if status not in (200, 201):
        raise AirflowUnavailable(f"POST {dag_url}/dagRuns answered {status or 'nothing'}: {run.get('detail', run)}")
    return f"triggered {dag_id}: run {run['dag_run_id']} ({run['state']})"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="local_airflow", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    wait = commands.add_parser("wait-healthy", help="wait until the api-server answers its health endpoint")
    wait.add_argument("--pid", type=int, help="the api-server's pid: fail at once if it exits")
    wait.add_argument("--timeout", type=float, default=300)
    run = commands.add_parser("trigger", help="trigger one run of DAG_ID once it is parsed (not if it is paused)")
    run.add_argument("dag_id")
    run.add_argument("--timeout", type=float, default=300, help="how long to wait for the DAG to be parsed")
    args = parser.parse_args(argv)

    base = os.environ.get("AIRFLOW__API__BASE_URL", "").rstrip("/")
    if not base:
        print("local_airflow: AIRFLOW__API__BASE_URL is not set (run it through dags/run-airflow.sh)", file=sys.stderr)
        return 2
    try:
        if args.command == "wait-healthy":
            print(f"api-server answers {base + HEALTH} after {wait_healthy(base, args.timeout, args.pid):.1f} s")
        else:
            wait_healthy(base, args.timeout)
            passwords = Path(os.environ.get("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", ""))
            print(trigger(base, token(base, "admin", admin_password(passwords)), args.dag_id, args.timeout))
    except AirflowUnavailable as e:
        print(f"local_airflow: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
