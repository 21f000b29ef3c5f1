#!/usr/bin/env bash
# Airflow for the local stack: `./citypulse up` starts it as an app (--app airflow="bash dags/run-airflow.sh"),
# which passes the CITYPULSE_* environment. Installs requirements/airflow.lock into .venv when needed, turns the
# CITYPULSE_* variables into Airflow connections, and runs `airflow standalone` (api-server, scheduler,
# dag-processor, triggerer; LocalExecutor; SQLite metadata DB) with AIRFLOW_HOME under the state directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CITYPULSE_VENV:-$ROOT/.venv}"
LOCK="$ROOT/requirements/airflow.lock"
STATE_DIR="${CITYPULSE_STATE_DIR:-$ROOT/.citypulse}"
PORT="${CITYPULSE_AIRFLOW_PORT:-8081}"   # 8080 is the API; compose publishes Airflow on 8081 too
export AIRFLOW_HOME="${CITYPULSE_AIRFLOW_HOME:-$STATE_DIR/airflow}"

say() { printf 'run-airflow: %s\n' "$*" >&2; }

if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating $VENV"
  python3 -m venv "$VENV"
fi
stamp="$VENV/.installed-airflow.lock"
if [[ ! -x "$VENV/bin/airflow" || ! -f "$stamp" || "$LOCK" -nt "$stamp" ]]; then
  say "installing Airflow from requirements/airflow.lock (first time: ~3 min)"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$LOCK"
  touch "$stamp"
fi

# Connections: AIRFLOW_CONN_CITYPULSE_{KAFKA,S3,DB,PUSHGATEWAY} and AIRFLOW_CONN_SPARK_DEFAULT (JSON form).
conns="$(PYTHONPATH="$ROOT/dags" "$VENV/bin/python" -m citypulse_common.stack_env)"
eval "$conns"

mkdir -p "$AIRFLOW_HOME"
export PATH="$VENV/bin:$PATH"                 # spark-submit from pyspark 3.5.7, for the Spark provider
export SPARK_LOCAL_IP=127.0.0.1               # the local stack listens on loopback only
export CITYPULSE_BATCH_JOBS_JAR="${CITYPULSE_BATCH_JOBS_JAR:-$ROOT/batch-jobs/target/citypulse-batch-jobs.jar}"
export AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__EXECUTOR=LocalExecutor
export AIRFLOW__CORE__PARALLELISM="${CITYPULSE_AIRFLOW_PARALLELISM:-4}"   # 2-core laptops: a few Spark drivers at most
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///$AIRFLOW_HOME/airflow.db"
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="${CITYPULSE_AIRFLOW_PAUSED:-False}"
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT="$PORT"
export AIRFLOW__API__BASE_URL="http://127.0.0.1:$PORT"
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://127.0.0.1:$PORT/execution/"
# Simple auth manager: one admin; its password is generated once into this file.
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin"
export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE="$AIRFLOW_HOME/passwords.json"
# StatsD -> statsd-exporter -> Prometheus, when an exporter is there (compose: statsd-exporter:9125).
if [[ -n "${CITYPULSE_STATSD_HOST:-}" ]]; then
  export AIRFLOW__METRICS__STATSD_ON=True
  export AIRFLOW__METRICS__STATSD_HOST="$CITYPULSE_STATSD_HOST"
  export AIRFLOW__METRICS__STATSD_PORT="${CITYPULSE_STATSD_PORT:-9125}"
  export AIRFLOW__METRICS__STATSD_PREFIX=airflow
fi

say "Airflow UI http://127.0.0.1:$PORT  login admin, password in $AIRFLOW_HOME/passwords.json (AIRFLOW_HOME $AIRFLOW_HOME)"
# Own process group: on SIGTERM (`./citypulse down`, Ctrl-C) stop standalone and every component and worker
# it forked; a TERM to standalone alone leaves its scheduler and api-server running.
setsid airflow standalone &
airflow_pid=$!
stop() {
  kill -TERM -- "-$airflow_pid" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 -- "-$airflow_pid" 2>/dev/null || exit 0; sleep 0.5; done
  kill -KILL -- "-$airflow_pid" 2>/dev/null || true
  exit 0
}
trap stop TERM INT
wait "$airflow_pid"
