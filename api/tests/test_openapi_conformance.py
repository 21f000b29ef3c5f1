"""The API against its own OpenAPI document: a bounded schemathesis run with every check (`st run --checks all`,
fixed seed and budget in schemathesis.toml beside this file), on the platform as `./citypulse up` starts it (prod
profile, auth on), after a city's recent past has gone through the speed layer and one ingest and batch-views run,
so that answers hold real rows, a batch horizon and an ingest run as well as the nulls of an empty platform."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "infrastructure/testing"))

import running_platform as rp  # noqa: E402

CONFIG = Path(__file__).with_name("schemathesis.toml")
CITY = {"traffic": 10, "weather": 3, "energy": 10}
HISTORY_MINUTES = 60


@pytest.mark.skipif(bool(rp.missing_jars()), reason=f"not built: {', '.join(rp.missing_jars())} (mvn install -DskipTests)")
def test_the_api_answers_as_its_openapi_document_says(tmp_path):
    platform = rp.Platform(tmp_path / "state")
    city = rp.City(platform, CITY, HISTORY_MINUTES, anomaly_rate="0.002")
    try:
        platform.start()
        city.start()
        city.stop()
        env = {**os.environ, **platform.env, "SPARK_LOCAL_IP": "127.0.0.1",
               "PATH": f"{rp.BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        for job in ("ingest", "batch-views"):
            done = subprocess.run(rp.spark_submit(job), env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{job} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        rp.wait_for("the speed layer's latest readings", lambda: platform.api("/api/v1/sensors/latest?limit=1") == 200
                    and platform.api(f"/api/v1/sensors/latest?offset={sum(CITY.values()) - 1}&limit=1") == 200, 120)

        done = subprocess.run([str(rp.BIN / "st"), "--config-file", str(CONFIG), "run",
                               f"http://127.0.0.1:{platform.api_port}/q/openapi", "--checks", "all",
                               "-H", f"X-API-Key: {platform.api_key}", "--no-color"],
                              capture_output=True, text=True, timeout=900, cwd=tmp_path)  # st's cache goes there
        summary = done.stdout[done.stdout.rfind("SUMMARY"):] if "SUMMARY" in done.stdout else done.stdout[-3000:]
        print(summary)
        assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-2000:]
        assert "Tested: " in done.stdout and " passed" in done.stdout
    finally:
        city.kill()
        platform.stop()
