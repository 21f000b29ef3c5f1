"""The platform as `./citypulse up` starts it, for runs that drive it from Python: the chaos run and the API's
conformance run. The local-stack launcher supervises Kafka, s3proxy, PostgreSQL, the speed layer and the API in a
state directory of the caller's, on free ports; a realtime city with a recent past can be started beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dags"))  # citypulse_common: the stack's connections, the Spark job settings

LAUNCHER = ROOT / "infrastructure/local-stack/target/citypulse-local-stack.jar"
JARS = {
    "generator": ROOT / "generator/target/citypulse-generator.jar",
    "speed-layer": ROOT / "speed-layer/target/citypulse-speed-layer.jar",
    "api": ROOT / "api/target/quarkus-app/quarkus-run.jar",
    "batch-jobs": ROOT / "batch-jobs/target/citypulse-batch-jobs.jar",
}
PROBE = ROOT / "infrastructure/testing/AnomalyProbe.java"
BIN = Path(sys.executable).parent  # the project venv: airflow, spark-submit (pyspark)
# The reading topic of each built-in sensor type, as its declaration names it (the contract's sensor-types/*.json).
READING_TOPICS = tuple(sorted(json.loads(p.read_text())["topic"]
                              for p in (ROOT / "contract/src/main/resources/sensor-types").glob("*.json")))


def missing_jars() -> list[str]:
    """The launcher and jars not built yet, relative to the repository."""
    return [str(p.relative_to(ROOT)) for p in (LAUNCHER, *JARS.values()) if not p.is_file()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check, timeout: float, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


@dataclass
class Platform:
    """The supervised stack with the speed layer and the API, started by the launcher as `up` does."""

    state: Path
    api_port: int = field(default_factory=free_port)
    speed_metrics_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: os.urandom(12).hex())
    api_env: dict = field(default_factory=dict)  # more settings of the API's (CITYPULSE_CONSOLE_TILE_URL, ...)
    # A folder of further sensor-type declarations, for every process of the platform and for those driving it.
    sensor_types_dir: Path | None = None
    launcher: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)

    def start(self) -> None:
        key_sha = hashlib.sha256(self.api_key.encode()).hexdigest()
        java = "java -jar"
        apps = {
            "speed-layer": f"CITYPULSE_SPEED_METRICS_PORT={self.speed_metrics_port} {java} {JARS['speed-layer']}",
            "api": " ".join(f"{name}={shlex.quote(value)}" for name, value in self.api_env.items())
                   + f" CITYPULSE_API_PORT={self.api_port} CITYPULSE_API_KEY_SHA256={key_sha} {java} {JARS['api']}",
        }
        ready = {"speed-layer": f"http://127.0.0.1:{self.speed_metrics_port}/metrics",
                 "api": f"http://127.0.0.1:{self.api_port}/q/health/ready"}
        args = ["java", "-jar", str(LAUNCHER), "up", "--state-dir", str(self.state), "--no-prometheus"]
        for name, command in apps.items():
            args += ["--app", f"{name}={command}", "--app-ready", f"{name}={ready[name]}"]
        types = {"CITYPULSE_SENSOR_TYPES_DIR": str(self.sensor_types_dir)} if self.sensor_types_dir else {}
        env = {**os.environ, **types, **{f"CITYPULSE_{s}_PORT": "0" for s in ("KAFKA", "S3", "POSTGRES")}}
        self.state.mkdir(parents=True, exist_ok=True)
        log = open(self.state / "launcher.log", "w")
        self.launcher = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        wait_for("the platform", lambda: self.launcher.poll() is not None or "local stack ready" in self.log(), 300)
        if self.launcher.poll() is not None:
            raise RuntimeError("the platform did not start:\n" + self.log()[-3000:])
        self.env = dict(line.split("=", 1) for line in (self.state / "stack.env").read_text().splitlines()
                        if "=" in line and not line.startswith("#"))
        self.env.update(types)

    def log(self) -> str:
        return (self.state / "launcher.log").read_text(errors="replace")

    def pid(self, name: str) -> int:
        return int((self.state / "pids" / f"{name}.pid").read_text().strip())

    def status(self) -> tuple[int, str]:
        done = subprocess.run(["java", "-jar", str(LAUNCHER), "status", "--state-dir", str(self.state)],
                              capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout

    def all_up(self) -> bool:
        return self.status()[0] == 0

    def stop(self) -> None:
        if self.launcher is None:
            return
        subprocess.run(["java", "-jar", str(LAUNCHER), "down", "--state-dir", str(self.state)],
                       capture_output=True, timeout=180)
        try:
            self.launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.launcher.pid, signal.SIGKILL)

    def db(self, schema: str | None = None):
        import psycopg2

        from citypulse_common.stack_env import parse_jdbc_url

        host, port, name = parse_jdbc_url(self.env["CITYPULSE_DB_URL"])
        conn = psycopg2.connect(host=host, port=port, dbname=name, user=self.env["CITYPULSE_DB_USER"],
                                password=self.env["CITYPULSE_DB_PASSWORD"], connect_timeout=10,
                                options=f"-c search_path={schema}" if schema else "")
        conn.autocommit = True
        return closing(conn)

    def query(self, sql: str, params=None, schema: str | None = None) -> list[tuple]:
        with self.db(schema) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def end_offsets(self) -> dict[tuple[str, int], int]:
        from confluent_kafka import Consumer, TopicPartition

        consumer = Consumer({"bootstrap.servers": self.env["CITYPULSE_KAFKA_BOOTSTRAP"], "group.id": "chaos-probe",
                             "enable.auto.commit": False})
        try:
            return {(t, p): consumer.get_watermark_offsets(
                TopicPartition(t, p), timeout=10)[1] for t in READING_TOPICS for p in range(3)}
        finally:
            consumer.close()

    def messages(self, topic: str) -> list:
        """Every record of `topic` up to its end offsets now (confluent_kafka messages: value(), headers(), ...)."""
        from confluent_kafka import Consumer, TopicPartition

        consumer = Consumer({"bootstrap.servers": self.env["CITYPULSE_KAFKA_BOOTSTRAP"], "group.id": "platform-probe",
                             "enable.auto.commit": False})
        try:
            partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
            ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
            consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
            found, left = [], {p for p, end in ends.items() if end > 0}
            while left:
                for message in consumer.consume(1000, timeout=5):
                    if message.error() is None and message.offset() < ends[message.partition()]:
                        found.append(message)
                        if message.offset() == ends[message.partition()] - 1:
                            left.discard(message.partition())
            return found
        finally:
            consumer.close()

    def probe_anomalies(self, sensor_id: str, count: int, interval_ms: int) -> subprocess.Popen:
        """Starts appending `count` probe anomalies on `sensor_id` to the anomaly topic (AnomalyProbe.java); each
        acknowledged one is a line `probe ANOMALY_ID DETECTED_AT_MS` of its stdout (see `probes`)."""
        return subprocess.Popen(["java", "-cp", str(JARS["generator"]), str(PROBE), self.env["CITYPULSE_KAFKA_BOOTSTRAP"],
                                 sensor_id, str(count), str(interval_ms)], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)

    def get(self, path: str, timeout: float = 10):
        """The JSON answer of the API at `path`, with the key; an error status raises."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", headers={"X-API-Key": self.api_key})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)

    def api(self, path: str, timeout: float = 10) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", headers={"X-API-Key": self.api_key})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as e:
            return e.code
        except (urllib.error.URLError, OSError):
            return 0  # no answer at all (the API itself is never killed here: a timeout)


class City:
    """The generator in realtime mode with a recent past; not supervised, so that the run can stop it."""

    def __init__(self, platform: Platform, sensors: dict[str, int], history_minutes: int, anomaly_rate: str):
        self.platform = platform
        self.sensors = sensors
        self.history_minutes = history_minutes
        self.anomaly_rate = anomaly_rate
        self.log_path = platform.state / "generator.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = ["java", "-jar", str(JARS["generator"]), "--mode", "realtime", "--history", f"{self.history_minutes}m",
                "--anomaly-rate", self.anomaly_rate, *(a for t, n in self.sensors.items() for a in (f"--{t}", str(n))),
                "--metrics-port", "0"]
        self.process = subprocess.Popen(args, env={**os.environ, **self.platform.env}, stdout=open(self.log_path, "w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        past = self.history_minutes * 60 * sum(self.sensors.values())
        wait_for("the city's recent past", lambda: sum(self.platform.end_offsets().values()) >= past, 180, 1)

    def stop(self) -> dict:
        """SIGTERM (held readings are released, the producer flushes); the delivery report of its last line."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=120)
        self.process = None
        text = self.log_path.read_text(errors="replace")
        m = re.findall(r"done: (\d+) readings generated, (\d+) records sent \((\d+) labels\), (\d+) acknowledged, "
                       r"(\d+) failed", text)
        if not m:
            raise RuntimeError("the generator wrote no delivery report:\n" + text[-2000:])
        readings, sent, labels, acked, failed = map(int, m[-1])
        return {"readings": readings, "sent": sent, "labels": labels, "acknowledged": acked, "failed": failed}

    def kill(self) -> None:
        """Cleanup after a failed run: a city still running is stopped at once."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)


def probes(output: str) -> dict[str, float]:
    """The probe anomalies an AnomalyProbe run acknowledged: anomaly id -> detection time, epoch ms."""
    return {anomaly_id: float(ms) for anomaly_id, ms in re.findall(r"^probe (\S+) (\d+)$", output, re.M)}


def spark_submit(job: str, *args: str) -> list[str]:
    from citypulse_common.spark import JOB_JVM_OPTIONS, MAIN_CLASS

    return [str(BIN / "spark-submit"), "--master", "local[2]", "--driver-java-options", JOB_JVM_OPTIONS,
            "--class", MAIN_CLASS, str(JARS["batch-jobs"]), job, *args]
