"""Where the DAGs find the platform: Airflow connections (AIRFLOW_CONN_*), Variables (AIRFLOW_VAR_*), environment.

Everything is resolved when a task runs, never while the DAG file is parsed, except the sensor-type names, which the
backfill form lists (declared_sensor_types: local files only).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CONN_SPARK = "spark_default"
CONN_KAFKA = "citypulse_kafka"
CONN_S3 = "citypulse_s3"
CONN_DB = "citypulse_db"
CONN_PUSHGATEWAY = "citypulse_pushgateway"  # optional: batch jobs push their summary when it exists

# Variables (Admin > Variables, or AIRFLOW_VAR_<NAME> in the environment) and their defaults.
VAR_JAR = "citypulse_batch_jobs_jar"
VAR_ANOMALY_TTL_DAYS = "citypulse_anomaly_ttl_days"
VAR_RT_MARGIN_HOURS = "citypulse_rt_margin_hours"
VAR_QUARANTINE_TTL_DAYS = "citypulse_quarantine_ttl_days"
VAR_LATE_THRESHOLD_SECONDS = "citypulse_late_threshold_seconds"
DEFAULTS = {
    VAR_ANOMALY_TTL_DAYS: 30,
    VAR_RT_MARGIN_HOURS: 24,
    VAR_QUARANTINE_TTL_DAYS: 30,
    VAR_LATE_THRESHOLD_SECONDS: 120,  # the speed layer's allowed lateness (2 min)
}

OWNER = "citypulse-data"
DAGS_DIR = Path(__file__).resolve().parent.parent
# The contract's own sensor-type declarations (compose mounts them at the same place beside dags/).
BUILTIN_SENSOR_TYPES_DIR = DAGS_DIR.parent / "contract" / "src" / "main" / "resources" / "sensor-types"


def declared_sensor_types(env=os.environ) -> tuple[str, ...]:
    """The declared sensor types by name, read where the Java processes read them (docs/adr/0005): the contract's
    declarations and those of the folder CITYPULSE_SENSOR_TYPES_DIR names. Read at import, since the backfill
    DAG's parameter form lists them; the Spark jobs check the full declarations again."""
    folders = [BUILTIN_SENSOR_TYPES_DIR] + ([Path(env["CITYPULSE_SENSOR_TYPES_DIR"])]
                                            if env.get("CITYPULSE_SENSOR_TYPES_DIR") else [])
    names = set()
    for folder in folders:
        if not folder.is_dir():
            raise RuntimeError(f"sensor-type declarations: {folder} is not a folder (CITYPULSE_SENSOR_TYPES_DIR, "
                               "or the contract's sensor-types/ beside dags/)")
        for path in sorted(folder.glob("*.json")):
            try:
                names.add(json.loads(path.read_text())["type"])
            except (ValueError, KeyError, TypeError) as e:
                raise RuntimeError(f"sensor-type declaration {path}: no \"type\" name ({e})") from e
    return tuple(sorted(names))


SENSOR_TYPES = declared_sensor_types()


def default_jar_path() -> str:
    """CITYPULSE_BATCH_JOBS_JAR, else the jar `mvn install` builds next to the dags/ folder."""
    return os.environ.get("CITYPULSE_BATCH_JOBS_JAR") or str(DAGS_DIR.parent / "batch-jobs" / "target" / "citypulse-batch-jobs.jar")


def variable(name: str, default=None) -> str:
    """A Variable at task run time (the API server resolves AIRFLOW_VAR_* too), with the documented default."""
    from airflow.sdk import Variable

    return Variable.get(name, default=DEFAULTS.get(name, default))


def int_variable(name: str) -> int:
    raw = variable(name)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(f"Variable {name} must be a whole number, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"Variable {name} must not be negative, got {value}")
    return value


def connection(conn_id: str):
    """The connection, or an error that says which AIRFLOW_CONN_* variable to set."""
    from airflow.sdk import Connection

    try:
        return Connection.get(conn_id)
    except Exception as e:  # AirflowNotFoundException and friends: the message must name the setting
        raise RuntimeError(f"Airflow connection '{conn_id}' is not defined: set AIRFLOW_CONN_{conn_id.upper()} "
                           f"(see dags/README.md) [{e}]") from e


@dataclass(frozen=True)
class Platform:
    """The CityPulse services the jobs and checks talk to."""

    kafka_bootstrap: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    s3_bucket: str
    db_host: str
    db_port: int
    db_name: str
    db_user: str
    db_password: str
    pushgateway_url: str | None = None

    @property
    def jdbc_url(self) -> str:
        return f"jdbc:postgresql://{self.db_host}:{self.db_port}/{self.db_name}"

    def job_env(self) -> dict[str, str]:
        """The CITYPULSE_* variables the batch jobs read (batch-jobs JobConfig)."""
        env = {
            "CITYPULSE_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "CITYPULSE_S3_ENDPOINT": self.s3_endpoint,
            "CITYPULSE_S3_ACCESS_KEY": self.s3_access_key,
            "CITYPULSE_S3_SECRET_KEY": self.s3_secret_key,
            "CITYPULSE_S3_BUCKET": self.s3_bucket,
            "CITYPULSE_DB_URL": self.jdbc_url,
            "CITYPULSE_DB_USER": self.db_user,
            "CITYPULSE_DB_PASSWORD": self.db_password,
        }
        if self.pushgateway_url:
            env["CITYPULSE_PUSHGATEWAY_URL"] = self.pushgateway_url
        return env

    def db_connect_kwargs(self) -> dict:
        return {"host": self.db_host, "port": self.db_port, "dbname": self.db_name,
                "user": self.db_user, "password": self.db_password, "connect_timeout": 10,
                "application_name": "citypulse-airflow"}


def _optional_connection(conn_id: str):
    try:
        return connection(conn_id)
    except RuntimeError:
        return None


def _pick(conn_id: str, what: str, env_name: str, from_conn):
    """The connection's field if the connection exists, else the CITYPULSE_* variable; the error names both."""
    value = from_conn() if from_conn is not None else None
    if value in (None, ""):
        value = os.environ.get(env_name, "").strip() or None
    if value is None:
        raise RuntimeError(f"no {what}: define the Airflow connection '{conn_id}' "
                           f"(AIRFLOW_CONN_{conn_id.upper()}, see dags/README.md) or set {env_name}")
    return value


def platform() -> Platform:
    """The CityPulse services from the Airflow connections; CITYPULSE_* variables fill what no connection defines.

    (Compose passes the CITYPULSE_* variables to the Airflow containers as well; the connections win.)
    """
    from citypulse_common.stack_env import parse_jdbc_url

    kafka, s3, db = (_optional_connection(c) for c in (CONN_KAFKA, CONN_S3, CONN_DB))
    pg = _optional_connection(CONN_PUSHGATEWAY)

    def extra(conn, key):
        return (lambda: (conn.extra_dejson or {}).get(key)) if conn is not None else None

    def attr(conn, name):
        return (lambda: getattr(conn, name)) if conn is not None else None

    if db is None and os.environ.get("CITYPULSE_DB_URL"):
        host, port, name = parse_jdbc_url(os.environ["CITYPULSE_DB_URL"])
    else:
        host = _pick(CONN_DB, "PostgreSQL host", "CITYPULSE_DB_URL", attr(db, "host"))
        port, name = int(getattr(db, "port", None) or 5432), _pick(CONN_DB, "database name (schema)", "CITYPULSE_DB_URL",
                                                                 attr(db, "schema"))
    pushgateway = ((pg.extra_dejson or {}).get("url") or pg.host) if pg is not None else None
    return Platform(
        kafka_bootstrap=_pick(CONN_KAFKA, "Kafka bootstrap servers", "CITYPULSE_KAFKA_BOOTSTRAP",
                              extra(kafka, "bootstrap_servers")),
        s3_endpoint=_pick(CONN_S3, "S3 endpoint", "CITYPULSE_S3_ENDPOINT", extra(s3, "endpoint_url")),
        s3_access_key=_pick(CONN_S3, "S3 access key (login)", "CITYPULSE_S3_ACCESS_KEY", attr(s3, "login")),
        s3_secret_key=_pick(CONN_S3, "S3 secret key (password)", "CITYPULSE_S3_SECRET_KEY", attr(s3, "password")),
        s3_bucket=_pick(CONN_S3, "lake bucket", "CITYPULSE_S3_BUCKET", extra(s3, "bucket")),
        db_host=host,
        db_port=port,
        db_name=name,
        db_user=_pick(CONN_DB, "PostgreSQL user (login)", "CITYPULSE_DB_USER", attr(db, "login")),
        db_password=_pick(CONN_DB, "PostgreSQL password", "CITYPULSE_DB_PASSWORD", attr(db, "password")),
        pushgateway_url=pushgateway or os.environ.get("CITYPULSE_PUSHGATEWAY_URL") or None,
    )


def s3_filesystem(p: Platform):
    """A pyarrow S3 filesystem on the lake's endpoint (path-style, as MinIO and s3proxy want)."""
    from pyarrow import fs

    endpoint = urlsplit(p.s3_endpoint)
    return fs.S3FileSystem(access_key=p.s3_access_key, secret_key=p.s3_secret_key,
                           endpoint_override=endpoint.netloc, scheme=endpoint.scheme or "http",
                           region="us-east-1", force_virtual_addressing=False,
                           connect_timeout=5, request_timeout=30)


def default_args(**overrides) -> dict:
    """Task defaults every CityPulse DAG shares: owner, retries with exponential backoff, a timeout."""
    from datetime import timedelta

    args = {
        "owner": OWNER,
        "retries": 2,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(minutes=30),
    }
    args.update(overrides)
    return args
