"""Health checks run before the batch jobs: each names the service, the address and what went wrong."""

from __future__ import annotations

import socket
import struct
from contextlib import closing

from citypulse_common import settings


class HealthCheckFailed(RuntimeError):
    """A platform service is not usable; the message says which and why."""


def kafka_api_versions(host: str, port: int, timeout: float = 5.0) -> int:
    """Sends a Kafka ApiVersions (v0) request and returns the broker's error code (0 = a healthy broker)."""
    client_id = b"citypulse-airflow"
    body = struct.pack(">hhih", 18, 0, 1, len(client_id)) + client_id  # api_key 18, version 0, correlation id 1
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(struct.pack(">i", len(body)) + body)
        header = _recv_exactly(s, 10)  # size, correlation id, error code
    size, correlation, error = struct.unpack(">iih", header)
    if correlation != 1 or size < 6:
        raise HealthCheckFailed(f"Kafka at {host}:{port} answered something that is not a Kafka response")
    return error


def _recv_exactly(s: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed by the server")
        data += chunk
    return data


def check_kafka(bootstrap: str | None = None) -> str:
    """Passes when any bootstrap server answers ApiVersions without error."""
    bootstrap = bootstrap or settings.platform().kafka_bootstrap
    problems = []
    for server in (s.strip() for s in bootstrap.split(",") if s.strip()):
        host, _, port = server.rpartition(":")
        try:
            error = kafka_api_versions(host.strip("[]"), int(port))
        except (OSError, ValueError) as e:
            problems.append(f"{server}: {e}")
            continue
        if error == 0:
            return f"Kafka reachable at {server}"
        problems.append(f"{server}: ApiVersions error code {error}")
    raise HealthCheckFailed(f"Kafka unreachable (connection {settings.CONN_KAFKA}): " + "; ".join(problems))


def check_s3(p: settings.Platform | None = None) -> str:
    """Passes when the lake bucket exists at the S3 endpoint with the configured credentials."""
    from pyarrow import fs

    p = p or settings.platform()
    where = f"bucket '{p.s3_bucket}' at {p.s3_endpoint} (connection {settings.CONN_S3})"
    try:
        info = settings.s3_filesystem(p).get_file_info(p.s3_bucket)
    except OSError as e:
        raise HealthCheckFailed(f"S3 unreachable: {where}: {e}") from e
    if info.type != fs.FileType.Directory:
        raise HealthCheckFailed(f"S3 bucket missing: {where} does not exist")
    return f"S3 {where} reachable"


REQUIRED_TABLES = ("ingest_run", "ingest_range", "ingest_offset", "lake_file", "batch_horizon", "rt_minute_aggregate", "anomaly")


def check_postgres(p: settings.Platform | None = None) -> str:
    """Passes when PostgreSQL accepts the login and the CityPulse schema (Flyway migrations) is in place."""
    import psycopg2

    p = p or settings.platform()
    where = f"{p.db_user}@{p.db_host}:{p.db_port}/{p.db_name} (connection {settings.CONN_DB})"
    try:
        with closing(psycopg2.connect(**p.db_connect_kwargs())) as conn, conn.cursor() as cur:
            cur.execute("SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NULL", (list(REQUIRED_TABLES),))
            missing = [row[0] for row in cur.fetchall()]
    except psycopg2.Error as e:
        raise HealthCheckFailed(f"PostgreSQL unreachable: {where}: {str(e).strip()}") from e
    if missing:
        raise HealthCheckFailed(f"PostgreSQL schema incomplete at {where}: missing tables {', '.join(missing)} "
                                "(run the Flyway migrations in contract/src/main/resources/db/migration)")
    return f"PostgreSQL reachable at {where}"
