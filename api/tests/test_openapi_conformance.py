"""The API against its own OpenAPI document: a bounded schemathesis run with every check (`st run --checks all`,
fixed seed and budget in schemathesis.toml beside this file), on the platform of conftest.py (prod profile, auth
on, real rows, a batch horizon and an ingest run as well as the nulls of an empty platform)."""

import subprocess
from pathlib import Path

import running_platform as rp

CONFIG = Path(__file__).with_name("schemathesis.toml")


def test_the_api_answers_as_its_openapi_document_says(live_platform, tmp_path):
    platform = live_platform
    done = subprocess.run([str(rp.BIN / "st"), "--config-file", str(CONFIG), "run",
                           f"http://127.0.0.1:{platform.api_port}/q/openapi", "--checks", "all",
                           "-H", f"X-API-Key: {platform.api_key}", "--no-color"],
                          capture_output=True, text=True, timeout=900, cwd=tmp_path)  # st's cache goes there
    summary = done.stdout[done.stdout.rfind("SUMMARY"):] if "SUMMARY" in done.stdout else done.stdout[-3000:]
    print(summary)
    assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-2000:]
    assert "Tested: " in done.stdout and " passed" in done.stdout
