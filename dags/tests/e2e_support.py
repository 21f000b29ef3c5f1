"""What the end-to-end tests share: the built jars, a query helper and a run of the hourly DAG.

The fixtures that start the local stack and Airflow (`stack`, `db`, `airflow`) are in conftest.py.
"""

import sys
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parent.parent
ROOT = DAGS_DIR.parent
STACK_JAR = ROOT / "infrastructure/local-stack/target/citypulse-local-stack.jar"
GENERATOR_JAR = ROOT / "generator/target/citypulse-generator.jar"
BATCH_JAR = ROOT / "batch-jobs/target/citypulse-batch-jobs.jar"
BIN = Path(sys.executable).parent

_missing = [str(j.relative_to(ROOT)) for j in (STACK_JAR, GENERATOR_JAR, BATCH_JAR) if not j.is_file()]
requires_jars = pytest.mark.skipif(bool(_missing), reason=f"not built: {', '.join(_missing)} "
                                                          "(run `mvn install -DskipTests` at the repository root)")


def query(db, sql, params=None):
    with db.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def run_hourly_ingest(airflow) -> str:
    """`airflow dags test citypulse_hourly_ingest`; fails unless the run ends in success."""
    code, out = airflow("dags", "test", "citypulse_hourly_ingest")
    finished = [line for line in out.splitlines() if "DagRun Finished" in line]
    if not (code == 0 and finished and "state=success" in finished[-1]):
        findings = [line for line in out.splitlines()
                    if "SUMMARY job=" in line or "RECONCILE FAIL" in line or " ERROR " in line or "Exception" in line]
        raise AssertionError("the hourly DAG run failed:\n" + "\n".join(findings[-60:]) + "\n--- tail ---\n" + out[-3000:])
    return out
