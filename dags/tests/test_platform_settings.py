"""The CITYPULSE_* -> Airflow connection translation and the job environment built back from connections."""

import json

import pytest

from citypulse_common import settings
from citypulse_common.stack_env import airflow_connections, main, parse_jdbc_url

STACK = {
    "CITYPULSE_KAFKA_BOOTSTRAP": "127.0.0.1:9092",
    "CITYPULSE_S3_ENDPOINT": "http://127.0.0.1:9000",
    "CITYPULSE_S3_ACCESS_KEY": "cpkey",
    "CITYPULSE_S3_SECRET_KEY": "s3cr3t/+=",
    "CITYPULSE_S3_BUCKET": "citypulse-lake",
    "CITYPULSE_DB_URL": "jdbc:postgresql://127.0.0.1:5433/citypulse",
    "CITYPULSE_DB_USER": "citypulse",
    "CITYPULSE_DB_PASSWORD": "p@ss:word/1",
    "CITYPULSE_PUSHGATEWAY_URL": "http://127.0.0.1:9091",
}


@pytest.mark.parametrize("url, expected", [
    ("jdbc:postgresql://127.0.0.1:5433/citypulse", ("127.0.0.1", 5433, "citypulse")),
    ("jdbc:postgresql://postgres/citypulse?sslmode=disable", ("postgres", 5432, "citypulse")),
    ("jdbc:postgresql://[::1]:5432/db", ("::1", 5432, "db")),
])
def test_parses_jdbc_urls(url, expected):
    assert parse_jdbc_url(url) == expected


def test_rejects_a_url_that_is_not_jdbc_postgresql():
    with pytest.raises(ValueError, match="CITYPULSE_DB_URL must look like jdbc:postgresql://host:port/database, got 'postgres://x/y'"):
        parse_jdbc_url("postgres://x/y")


def test_translates_the_stack_environment_into_connections():
    conns = {k: json.loads(v) for k, v in airflow_connections(STACK).items()}
    assert conns == {
        "AIRFLOW_CONN_CITYPULSE_KAFKA": {"conn_type": "kafka", "extra": {"bootstrap_servers": "127.0.0.1:9092"}},
        "AIRFLOW_CONN_CITYPULSE_S3": {"conn_type": "aws", "login": "cpkey", "password": "s3cr3t/+=",
                                      "extra": {"endpoint_url": "http://127.0.0.1:9000", "bucket": "citypulse-lake"}},
        "AIRFLOW_CONN_CITYPULSE_DB": {"conn_type": "postgres", "host": "127.0.0.1", "port": 5433, "schema": "citypulse",
                                      "login": "citypulse", "password": "p@ss:word/1"},
        "AIRFLOW_CONN_SPARK_DEFAULT": {"conn_type": "spark", "host": "local[*]"},
        "AIRFLOW_CONN_CITYPULSE_PUSHGATEWAY": {"conn_type": "http", "extra": {"url": "http://127.0.0.1:9091"}},
    }


def test_names_the_missing_variable(capsys):
    assert main({k: v for k, v in STACK.items() if k != "CITYPULSE_S3_BUCKET"}) == 2
    assert "CITYPULSE_S3_BUCKET is not set" in capsys.readouterr().err


def test_connections_round_trip_into_the_job_environment(monkeypatch):
    """What run-airflow.sh exports is what the batch jobs get back (JobConfig's CITYPULSE_* variables)."""
    for name in list(STACK):
        monkeypatch.delenv(name, raising=False)
    for name, value in airflow_connections({**STACK, "CITYPULSE_SPARK_MASTER": "spark://spark-master:7077"}).items():
        monkeypatch.setenv(name, value)
    assert settings.platform().job_env() == STACK


def test_falls_back_to_citypulse_variables_when_no_connection_exists(monkeypatch):
    """Compose passes CITYPULSE_* to the Airflow containers and defines only some connections."""
    for name in airflow_connections(STACK):
        monkeypatch.delenv(name, raising=False)
    for name, value in STACK.items():
        monkeypatch.setenv(name, value)
    assert settings.platform().job_env() == STACK


def test_missing_setting_names_the_connection_and_the_variable(monkeypatch):
    for name in [*airflow_connections(STACK), *STACK]:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match=r"no PostgreSQL host: define the Airflow connection 'citypulse_db' "
                                           r"\(AIRFLOW_CONN_CITYPULSE_DB, see dags/README.md\) or set CITYPULSE_DB_URL"):
        settings.platform()


PARKING_TYPES = settings.DAGS_DIR.parent / "api" / "tests" / "sensor-types"


def test_sensor_types_are_read_from_the_declarations():
    assert settings.declared_sensor_types({}) == ("energy", "traffic", "weather")
    assert settings.declared_sensor_types({"CITYPULSE_SENSOR_TYPES_DIR": str(PARKING_TYPES)}) == (
        "energy", "parking", "traffic", "weather")


def test_a_bad_sensor_type_folder_is_named(tmp_path):
    with pytest.raises(RuntimeError, match=r"sensor-type declarations: .*/missing is not a folder"):
        settings.declared_sensor_types({"CITYPULSE_SENSOR_TYPES_DIR": str(tmp_path / "missing")})
    (tmp_path / "noise.json").write_text('{"description": "no name"}')
    with pytest.raises(RuntimeError, match=r"sensor-type declaration .*noise\.json: no \"type\" name"):
        settings.declared_sensor_types({"CITYPULSE_SENSOR_TYPES_DIR": str(tmp_path)})
