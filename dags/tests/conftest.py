"""Makes dags/ importable (citypulse_common), gives Airflow a throw-away home before it is imported, and starts
real local stacks for the tests that need one (`stack`)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parent.parent
STACK_JAR = DAGS_DIR.parent / "infrastructure/local-stack/target/citypulse-local-stack.jar"
sys.path.insert(0, str(DAGS_DIR))

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
    if not STACK_JAR.is_file():
        pytest.skip(f"not built: {STACK_JAR} (run `mvn install -DskipTests` at the repository root)")
    state = tmp_path_factory.mktemp("stack")
    env = {**os.environ, **{f"CITYPULSE_{s}_PORT": "0" for s in ("KAFKA", "S3", "POSTGRES", "PROMETHEUS", "PUSHGATEWAY")}}
    log = open(state / "up.log", "w")
    proc = subprocess.Popen(["java", "-jar", str(STACK_JAR), "up", "--state-dir", str(state), "--no-prometheus"],
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
        subprocess.run(["java", "-jar", str(STACK_JAR), "down", "--state-dir", str(state)],
                       capture_output=True, timeout=120, env=env)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
