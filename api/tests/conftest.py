"""One platform for the API's suites (conformance, console): the stack with the speed layer and the API as `up`
starts them (prod profile, auth on), a small city running in realtime after a recent past, and one ingest and
batch-views run, so answers hold real rows, a batch horizon, an ingest run and history from both layers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "infrastructure/testing"))

import running_platform as rp  # noqa: E402

CITY = {"traffic": 10, "weather": 3, "energy": 10}
HISTORY_MINUTES = 60


@pytest.fixture(scope="session")
def live_platform(tmp_path_factory):
    if rp.missing_jars():
        pytest.skip(f"not built: {', '.join(rp.missing_jars())} (mvn install -DskipTests)")
    platform = rp.Platform(tmp_path_factory.mktemp("api-platform") / "state")
    city = rp.City(platform, CITY, HISTORY_MINUTES, anomaly_rate="0.01")  # a few anomalies a minute, so the console test sees one live
    try:
        platform.start()
        city.start()
        env = {**os.environ, **platform.env, "SPARK_LOCAL_IP": "127.0.0.1",
               "PATH": f"{rp.BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        for job in ("ingest", "batch-views"):
            done = subprocess.run(rp.spark_submit(job), env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{job} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        rp.wait_for("the speed layer's latest readings", lambda: platform.api("/api/v1/sensors/latest?limit=1") == 200
                    and platform.api(f"/api/v1/sensors/latest?offset={sum(CITY.values()) - 1}&limit=1") == 200, 120)
        yield platform
    finally:
        city.kill()
        platform.stop()
