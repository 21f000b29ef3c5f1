"""Makes dags/ importable (citypulse_common) and gives Airflow a throw-away home before it is imported."""

import os
import sys
import tempfile
from pathlib import Path

DAGS_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(DAGS_DIR))

# Airflow reads its configuration on first import: never the developer's ~/airflow, never example DAGs.
_home = tempfile.mkdtemp(prefix="citypulse-airflow-test-")
os.environ.setdefault("AIRFLOW_HOME", _home)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_DIR)
os.environ.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{_home}/airflow.db")
