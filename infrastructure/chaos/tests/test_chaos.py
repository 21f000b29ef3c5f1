"""The chaos run of `./citypulse chaos`, in the test suite: every fault survived, nothing lost, no 500."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

CHAOS = Path(__file__).resolve().parents[1] / "chaos.py"
sys.path.insert(0, str(CHAOS.parent))

import chaos  # noqa: E402

_missing = chaos.missing_jars()


@pytest.mark.skipif(bool(_missing), reason=f"not built: {', '.join(_missing)} (mvn install -DskipTests)")
def test_the_platform_survives_every_fault_and_loses_nothing(tmp_path):
    done = subprocess.run([sys.executable, str(CHAOS), "--keep-state", str(tmp_path / "state")],
                          capture_output=True, text=True, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if line.startswith("CHAOS ")]
    assert lines, done.stdout[-4000:] + done.stderr[-4000:]
    result = json.loads(lines[-1][len("CHAOS "):])
    assert result["problems"] == [], done.stdout[-4000:]
    assert done.returncode == 0
    assert result["faults_survived"] == "5/5"
    assert result["records_lost"] == 0 and result["lake_rows_not_unique"] == 0
    assert result["api_503_while_down"] > 0 and result["api_bad_answers"] == []


def test_a_missing_jar_is_named(monkeypatch, capsys):
    monkeypatch.setitem(chaos.JARS, "api", chaos.ROOT / "api/target/no-such.jar")
    assert chaos.main([]) == 2
    assert "not built: api/target/no-such.jar" in capsys.readouterr().err
