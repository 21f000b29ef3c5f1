#!/usr/bin/env bash
# Airflow for the local stack: `./citypulse up` starts it as an app (--app airflow="bash dags/run-airflow.sh"),
# which passes the CITYPULSE_* environment. Installs requirements/airflow.lock into .venv when needed, turns the
# CITYPULSE_* variables into Airflow connections, and runs Airflow's components (LocalExecutor, SQLite metadata DB)
# with AIRFLOW_HOME under the state directory.
#
#   run-airflow.sh                 the api-server and dag-processor; the scheduler and triggerer only once the
#                                  api-server answers, so that no task starts against an api-server still loading
#                                  (its first tries failed with httpcore.ReadTimeout under `airflow standalone`).
#                                  Exits when any component does, with its code, for the launcher to restart it all.
#   run-airflow.sh trigger DAG_ID  once Airflow answers, trigger one run of DAG_ID (not if it is paused)
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
# The scheduler's and triggerer's task-log servers (Airflow binds them on every interface; only the port is a setting).
export AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT="${CITYPULSE_AIRFLOW_WORKER_LOG_PORT:-8793}"
export AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT="${CITYPULSE_AIRFLOW_TRIGGER_LOG_PORT:-8794}"
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

AIRFLOW="$VENV/bin/airflow"
local_airflow() { PYTHONPATH="$ROOT/dags" "$VENV/bin/python" -m citypulse_common.local_airflow "$@"; }

case "${1:-serve}" in
  serve) ;;
  trigger) shift; local_airflow trigger "$@"; exit ;;
  *) say "unknown command '$1' (usage: run-airflow.sh [trigger DAG_ID])"; exit 2 ;;
esac

say "Airflow UI http://127.0.0.1:$PORT  login admin, password in $AIRFLOW_HOME/passwords.json (AIRFLOW_HOME $AIRFLOW_HOME)"
"$AIRFLOW" db migrate >/dev/null   # what standalone did first; errors still reach the log

declare -A components=()   # pid -> name
start() { "$AIRFLOW" "$1" & components[$!]="$1"; say "started $1 (pid $!)"; }
stop() {
  kill -TERM "${!components[@]}" 2>/dev/null || true
  for _ in $(seq 40); do kill -0 "${!components[@]}" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "${!components[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' TERM INT

start api-server        # its simple auth manager writes passwords.json on first start
api_server=$!
start dag-processor     # parsing needs no api-server: it overlaps with the api-server's start
if ! answered="$(local_airflow wait-healthy --pid "$api_server" --timeout "${CITYPULSE_AIRFLOW_START_TIMEOUT:-300}")"; then
  stop
  exit 1
fi
say "$answered"
start scheduler
start triggerer

# The first component to exit takes the others down: the launcher then restarts Airflow whole.
set +e
wait -n -p exited "${!components[@]}"
code=$?
set -e
say "${components[$exited]:-a component} (pid $exited) exited with code $code; stopping the other components"
unset "components[$exited]"
stop
exit $(( code == 0 ? 1 : code ))
