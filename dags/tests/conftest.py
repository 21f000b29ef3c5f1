"""Makes dags/ importable (citypulse_common), gives Airflow a throw-away home before it is imported, and holds the
end-to-end fixtures: a local stack, its database and an Airflow on it (module scope: one of each per test module)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(DAGS_DIR))

import e2e_support  # noqa: E402  (after sys.path: it lives beside this file)

# Airflow reads its configuration on first import: never the developer's ~/airflow, never example DAGs.
_home = tempfile.mkdtemp(prefix="citypulse-airflow-test-")
os.environ.setdefault("AIRFLOW_HOME", _home)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_DIR)
os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A local stack of this test module's own, on free ports in a temporary state directory: its stack.env values.
    Stopped with `down` afterwards."""
    if not e2e_support.STACK_JAR.is_file():
        pytest.skip(f"not built: {e2e_support.STACK_JAR} (run `mvn install -DskipTests` at the repository root)")
    state = tmp_path_factory.mktemp("stack")
    env = {**os.environ, **{f"CITYPULSE_{s}_PORT": "0" for s in ("KAFKA", "S3", "POSTGRES", "PROMETHEUS", "PUSHGATEWAY")}}
    log = open(state / "up.log", "w")
    proc = subprocess.Popen(["java", "-jar", str(e2e_support.STACK_JAR), "up", "--state-dir", str(state), "--no-prometheus"],
                            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while "local stack ready" not in (state / "up.log").read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("local stack did not start:\n" + (state / "up.log").read_text()[-3000:])
            time.sleep(0.5)
        values = dict(line.split("=", 1) for line in (state / "stack.env").read_text().splitlines()
                      if "=" in line and not line.startswith("#"))
        yield values
    finally:
        subprocess.run(["java", "-jar", str(e2e_support.STACK_JAR), "down", "--state-dir", str(state)],
                       capture_output=True, timeout=120, env=env)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


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
        "CITYPULSE_BATCH_JOBS_JAR": str(e2e_support.BATCH_JAR),
        "PATH": f"{e2e_support.BIN}{os.pathsep}{env.get('PATH', '')}",  # spark-submit of pyspark 3.5.7 in this venv
        "SPARK_LOCAL_IP": "127.0.0.1",
    })

    def run(*args, timeout=300):
        done = subprocess.run([str(e2e_support.BIN / "airflow"), *args], env=env, capture_output=True, text=True, timeout=timeout)
        return done.returncode, done.stdout + done.stderr

    code, out = run("db", "migrate")
    assert code == 0, out[-3000:]
    return run
