"""Translates the stack's CITYPULSE_* environment into Airflow connections (AIRFLOW_CONN_* as JSON).

`python -m citypulse_common.stack_env` prints shell `export` lines; dags/run-airflow.sh evals them.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Mapping
from urllib.parse import urlsplit

_JDBC = re.compile(r"^jdbc:postgresql://(?P<host>\[[^\]]+\]|[^:/?]+)(?::(?P<port>\d+))?/(?P<db>[^?;]+)")


def parse_jdbc_url(url: str) -> tuple[str, int, str]:
    """jdbc:postgresql://host[:port]/db[?params] -> (host, port, db); the error shows the expected form."""
    m = _JDBC.match(url.strip())
    if not m:
        raise ValueError(f"CITYPULSE_DB_URL must look like jdbc:postgresql://host:port/database, got '{url}'")
    return m["host"].strip("[]"), int(m["port"] or 5432), m["db"]


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ValueError(f"{name} is not set: run this under the local stack (./citypulse up) or export it")
    return value


def airflow_connections(env: Mapping[str, str]) -> dict[str, str]:
    """AIRFLOW_CONN_* variable -> JSON connection, from the CITYPULSE_* variables."""
    host, port, db = parse_jdbc_url(_required(env, "CITYPULSE_DB_URL"))
    s3 = urlsplit(_required(env, "CITYPULSE_S3_ENDPOINT"))
    if not s3.scheme or not s3.netloc:
        raise ValueError(f"CITYPULSE_S3_ENDPOINT must be a URL like http://127.0.0.1:9000, got '{env['CITYPULSE_S3_ENDPOINT']}'")
    conns = {
        "AIRFLOW_CONN_CITYPULSE_KAFKA": {"conn_type": "kafka",
                                         "extra": {"bootstrap_servers": _required(env, "CITYPULSE_KAFKA_BOOTSTRAP")}},
        "AIRFLOW_CONN_CITYPULSE_S3": {"conn_type": "aws", "login": _required(env, "CITYPULSE_S3_ACCESS_KEY"),
                                      "password": _required(env, "CITYPULSE_S3_SECRET_KEY"),
                                      "extra": {"endpoint_url": env["CITYPULSE_S3_ENDPOINT"].strip(),
                                                "bucket": _required(env, "CITYPULSE_S3_BUCKET")}},
        "AIRFLOW_CONN_CITYPULSE_DB": {"conn_type": "postgres", "host": host, "port": port, "schema": db,
                                      "login": _required(env, "CITYPULSE_DB_USER"),
                                      "password": _required(env, "CITYPULSE_DB_PASSWORD")},
        # host holds the whole master URL (local[*] or spark://spark-master:7077): the provider uses it as is.
        "AIRFLOW_CONN_SPARK_DEFAULT": {"conn_type": "spark",
                                       "host": env.get("CITYPULSE_SPARK_MASTER", "").strip() or "local[*]"},
    }
    if env.get("CITYPULSE_PUSHGATEWAY_URL", "").strip():
        conns["AIRFLOW_CONN_CITYPULSE_PUSHGATEWAY"] = {"conn_type": "http",
                                                      "extra": {"url": env["CITYPULSE_PUSHGATEWAY_URL"].strip()}}
    return {name: json.dumps(value, sort_keys=True) for name, value in conns.items()}


def main(env: Mapping[str, str]) -> int:
    try:
        conns = airflow_connections(env)
    except ValueError as e:
        print(f"run-airflow: {e}", file=sys.stderr)
        return 2
    for name, value in conns.items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    import os

    sys.exit(main(os.environ))
