"""Live check of the monitoring against real exporters.

Starts Debian's Prometheus and Pushgateway on free ports, the local stack (Kafka, S3, PostgreSQL) with every
service whose jar is built (generator, speed layer, API), and pushes batch-job metrics through the batch jobs'
own Pushgateway code. Then every recording rule and every Grafana panel query is evaluated through Prometheus'
HTTP API and must return data, and no query may name a metric that nothing exports. Queries that need a
service whose jar is not built are skipped with that reason; once the jar exists they are checked strictly.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from monitoring_support import (ROOT, RULE_FILES, alert_rules, documented_metrics, exact_job_matchers,
                                load_yaml, metric_names, panel_queries, raw_metric_names, recording_rules,
                                variable_queries)

PROMETHEUS = Path("/usr/bin/prometheus")
PUSHGATEWAY = Path("/usr/bin/prometheus-pushgateway")
LAUNCHER = ROOT / "infrastructure/local-stack/target/citypulse-local-stack.jar"
SERVICES = {  # name -> (jar, metrics path, how to build it)
    "generator": (ROOT / "generator/target/citypulse-generator.jar", "/metrics", "mvn -pl generator -am package"),
    "speed-layer": (ROOT / "speed-layer/target/citypulse-speed-layer.jar", "/metrics",
                    "mvn -pl speed-layer -am package"),
    "api": (ROOT / "api/target/quarkus-app/quarkus-run.jar", "/q/metrics", "mvn -pl api -am package"),
}
# The batch jobs' figures, by job name and the source file whose summary.put(...) calls name them.
BATCH_JOBS = {
    "ingest": "ingest/IngestJob.java",
    "compact": "compact/CompactJob.java",
    "batch-views": "views/BatchViewsJob.java",
    "reconcile": "reconcile/ReconcileJob.java",
}
BATCH_SOURCE = ROOT / "batch-jobs/src/main/java/io/citypulse/batch"
API_REQUESTS = ["/", "/api/v1/sensors", "/api/v1/zones", "/api/v1/anomalies", "/api/v1/sensors/no-such-sensor"]
SETTLE_SECONDS = 90


def owner(metric):
    """The service that exports a metric, or None for Prometheus itself and the Pushgateway (always running)."""
    if metric.startswith("citypulse_generator_"):
        return "generator"
    if metric.startswith("citypulse_speed_"):
        return "speed-layer"
    if metric.startswith(("http_server_", "citypulse_api_")):
        return "api"
    return None


def needed_services(expr):
    """Services whose metrics an expression reads (following recording rules) or whose job it names."""
    services = {owner(name) for name in raw_metric_names(expr)} | exact_job_matchers(expr)
    for rule_expr in _recorded_sources(expr):
        services |= exact_job_matchers(rule_expr)
    return {s for s in services if s in SERVICES}


def _recorded_sources(expr, recorded=None, seen=None):
    recorded = recording_rules() if recorded is None else recorded
    seen = set() if seen is None else seen
    for name in metric_names(expr):
        if name in recorded and name not in seen:
            seen.add(name)
            yield recorded[name]
            yield from _recorded_sources(recorded[name], recorded, seen)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{what} not ready after {timeout} s")


class Live:
    """The running processes and what the tests learn from them."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.processes = []
        self.started = {}    # service -> metrics URL
        self.not_built = {}  # service -> reason
        self.prometheus = None
        self.pushgateway = None

    def start(self, name, command, env=None, log=None):
        out = open(log or self.tmp / f"{name}.log", "w")
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
        self.processes.append((name, process))
        return process

    def stop(self):
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def query(self, expr):
        url = f"{self.prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        try:
            body = json.loads(http_get(url, timeout=10))
        except urllib.error.HTTPError as e:
            raise AssertionError(f"Prometheus rejected {expr!r}: {e.read().decode()}") from e
        assert body["status"] == "success", body
        return body["data"]["result"]

    def metric_names(self):
        return set(json.loads(http_get(f"{self.prometheus}/api/v1/label/__name__/values"))["data"])

    def dead(self):
        """Started services that no longer answer, with the log that says why."""
        gone = []
        for name, url in self.started.items():
            try:
                http_get(url)
            except (OSError, urllib.error.URLError):
                gone.append(f"{name} stopped answering at {url} (log: {self.tmp / 'stack' / 'logs' / (name + '.log')})")
        return gone

    def skip_reason(self, expr):
        missing = sorted(needed_services(expr) - self.started.keys())
        return "; ".join(self.not_built.get(s, f"{s} not started") for s in missing)


def start_services(live):
    for name, (jar, _, build) in SERVICES.items():
        if not jar.exists():
            live.not_built[name] = f"{name}: {jar.relative_to(ROOT)} is not built ({build})"
    wanted = [name for name in SERVICES if name not in live.not_built]
    if not wanted:
        return
    if not LAUNCHER.exists():
        for name in wanted:
            live.not_built[name] = f"{name}: the local stack launcher {LAUNCHER.relative_to(ROOT)} is not built"
        return
    ports = {name: free_port() for name in wanted}
    env = dict(os.environ, CITYPULSE_KAFKA_PORT="0", CITYPULSE_S3_PORT="0", CITYPULSE_POSTGRES_PORT="0",
               CITYPULSE_API_PORT=str(ports.get("api", 0)), CITYPULSE_API_HOST="127.0.0.1",
               CITYPULSE_API_AUTH_ENABLED="false")
    commands = {
        "generator": f"java -jar {SERVICES['generator'][0]} --no-progress --metrics-port {ports.get('generator')}",
        "speed-layer": f"java -jar {SERVICES['speed-layer'][0]} --metrics-port {ports.get('speed-layer')}",
        "api": f"java -jar {SERVICES['api'][0]}",
    }
    command = ["java", "-jar", str(LAUNCHER), "up", "--state-dir", str(live.tmp / "stack"), "--no-prometheus"]
    for name in wanted:
        command += ["--app", f"{name}={commands[name]}"]
    log = live.tmp / "local-stack.log"
    launcher = live.start("local-stack", command, env=env, log=log)
    wait_for("the local stack", lambda: launcher.poll() is None and "local stack ready" in log.read_text()
             or _launcher_died(launcher, log), timeout=240)
    for name in wanted:
        url = f"http://127.0.0.1:{ports[name]}{SERVICES[name][1]}"
        wait_for(f"{name} at {url}", lambda: bool(http_get(url)), timeout=120)
        live.started[name] = url


def _launcher_died(launcher, log):
    if launcher.poll() is not None:
        raise AssertionError(f"the local stack exited with {launcher.returncode}:\n{log.read_text()[-3000:]}")
    return False


def batch_figures(job):
    """Realistic figures for every name the job's source passes to summary.put(...)."""
    source = BATCH_SOURCE / BATCH_JOBS[job]
    names = ["rows", "bytes", "files"]
    if source.exists():
        names += [n for n in re.findall(r'\.put\("([a-z_]+)"', source.read_text()) if n not in names]
    hour = int(time.time()) // 3600 * 3600
    values = {"rows": 180_000, "bytes": 5_400_000, "files": 9, "records_read": 180_090, "rows_quarantined": 90,
              "duplicates_dropped": 12, "runs_aborted": 0, "horizon_epoch_seconds": hour - 3600}
    return {name: values.get(name, 3) for name in names}


def push_batch_metrics(live):
    """Pushes one run of every batch job (reconcile: a success, then a failure) with the batch jobs' own code."""
    slf4j = sorted(Path.home().glob(".m2/repository/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar"))
    assert slf4j, "slf4j-api 2.x is not in ~/.m2: run `mvn install -DskipTests` once"
    classes = live.tmp / "push-classes"
    sources = sorted((BATCH_SOURCE / "metrics").glob("*.java")) + [Path(__file__).with_name("PushBatchMetrics.java")]
    subprocess.run(["javac", "-nowarn", "-d", str(classes), "-cp", str(slf4j[-1]), *map(str, sources)],
                   check=True, capture_output=True, text=True)
    runs = [(job, "ok") for job in BATCH_JOBS] + [("reconcile", "failed")]
    for job, status in runs:
        figures = [f"{k}={v}" for k, v in batch_figures(job).items()]
        subprocess.run(["java", "-cp", f"{classes}{os.pathsep}{slf4j[-1]}", "PushBatchMetrics",
                        live.pushgateway, job, status, *figures], check=True, capture_output=True, text=True,
                       timeout=60)


def prometheus_config(live, pushgateway_port, prometheus_port):
    rules_dir = live.tmp / "rules"
    rules_dir.mkdir()
    rule_files = []
    for path in RULE_FILES:
        content = load_yaml(path)
        for group in content["groups"]:
            group.pop("interval", None)  # evaluate every second, like the scrapes, so the test is quick
        (rules_dir / path.name).write_text(yaml.safe_dump(content))
        rule_files.append(str(rules_dir / path.name))
    jobs = [{"job_name": "prometheus", "static_configs": [{"targets": [f"127.0.0.1:{prometheus_port}"]}]},
            {"job_name": "pushgateway", "honor_labels": True,
             "static_configs": [{"targets": [f"127.0.0.1:{pushgateway_port}"]}]}]
    for name, url in live.started.items():
        parsed = urllib.parse.urlparse(url)
        jobs.append({"job_name": name, "metrics_path": parsed.path, "static_configs": [{"targets": [parsed.netloc]}]})
    config = {"global": {"scrape_interval": "1s", "evaluation_interval": "1s"}, "rule_files": rule_files,
              "scrape_configs": jobs}
    path = live.tmp / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def api_traffic(live, stop):
    base = live.started["api"].rsplit("/q/metrics", 1)[0]
    while not stop.is_set():
        for path in API_REQUESTS:
            try:
                urllib.request.urlopen(base + path, timeout=5).read()
            except (OSError, urllib.error.URLError):
                pass  # 4xx answers are traffic too
        stop.wait(0.5)


def all_queries():
    queries = [("recording rule", name, expr) for name, expr in recording_rules().items()]
    queries += [("panel", f"{board} / {title}", expr) for board, title, expr in panel_queries()]
    return queries


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    for binary in (PROMETHEUS, PUSHGATEWAY):
        if not binary.exists():
            pytest.skip(f"{binary} is not installed (Debian: apt-get install prometheus prometheus-pushgateway)")
    live = Live(tmp_path_factory.mktemp("monitoring-live"))
    stop_traffic = threading.Event()
    try:
        start_services(live)
        gateway_port, prometheus_port = free_port(), free_port()
        live.start("pushgateway", [str(PUSHGATEWAY), f"--web.listen-address=127.0.0.1:{gateway_port}"])
        live.pushgateway = f"http://127.0.0.1:{gateway_port}"
        wait_for("the Pushgateway", lambda: http_get(live.pushgateway + "/-/ready") is not None, timeout=30)
        push_batch_metrics(live)
        live.start("prometheus", [str(PROMETHEUS), f"--config.file={prometheus_config(live, gateway_port, prometheus_port)}",
                                  f"--storage.tsdb.path={live.tmp / 'tsdb'}",
                                  f"--web.listen-address=127.0.0.1:{prometheus_port}"])
        live.prometheus = f"http://127.0.0.1:{prometheus_port}"
        wait_for("Prometheus", lambda: http_get(live.prometheus + "/-/ready") is not None, timeout=60)
        if "api" in live.started:
            threading.Thread(target=api_traffic, args=(live, stop_traffic), daemon=True).start()
        # Rates need two scrapes inside their window and recordings need an evaluation: wait until every
        # query that can answer does, or until the deadline (the tests then name what stayed empty).
        deadline = time.monotonic() + SETTLE_SECONDS
        pending = [q for q in all_queries() if not live.skip_reason(q[2])]
        time.sleep(10)
        while pending and time.monotonic() < deadline:
            # A query naming a metric nobody exports can never answer; the name test reports it.
            known = live.metric_names() | recording_rules().keys()
            pending = [q for q in pending if raw_metric_names(q[2]) <= known and not live.query(q[2])]
            time.sleep(2)
        yield live
    finally:
        stop_traffic.set()
        live.stop()


def _check_queries(live, kind):
    empty, skipped = [], []
    for query_kind, name, expr in all_queries():
        if query_kind != kind:
            continue
        reason = live.skip_reason(expr)
        if reason:
            skipped.append(f"{name}: {reason}")
        elif not live.query(expr):
            empty.append(f"{name}: {expr}")
    assert not empty, f"{kind} queries returning no data:\n" + "\n".join(empty + live.dead())
    if skipped:
        pytest.skip(f"{len(skipped)} {kind} queries need services that are not built: " + " | ".join(sorted(
            set(live.not_built.values()))))


def test_every_recording_rule_returns_data(live):
    _check_queries(live, "recording rule")


def test_every_panel_query_returns_data(live):
    _check_queries(live, "panel")


def test_no_query_names_a_metric_nothing_exports(live):
    exported = live.metric_names()
    recorded = recording_rules()
    expressions = [(f"alert {r['alert']}", r["expr"]) for r in alert_rules()]
    expressions += [(f"recording rule {name}", expr) for name, expr in recorded.items()]
    expressions += [(f"panel {board} / {title}", expr) for board, title, expr in panel_queries()]
    expressions += [(f"variable {board} / {name}", metric) for board, name, metric in variable_queries()]
    unknown, skipped = [], set()
    for where, expr in expressions:
        for metric in metric_names(expr):
            if metric in recorded or metric in exported:
                continue
            service = owner(metric)
            if service in live.not_built:
                skipped.add(live.not_built[service])
            else:
                unknown.append(f"{where}: {metric}")
    assert not unknown, "queries name metrics that no running exporter exports:\n" + "\n".join(sorted(unknown))
    if skipped:
        pytest.skip("metrics of services not built are unchecked: " + " | ".join(sorted(skipped)))


def scraped_samples(url):
    """Sample names on a /metrics page (text or OpenMetrics format)."""
    names = set()
    for line in http_get(url).splitlines():
        if line and not line.startswith("#"):
            names.add(re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0))
    return names


def covered(sample, documented):
    for name in documented:
        if name.endswith("*") and sample.startswith(name[:-1]):
            return True
        if sample == name or sample in {name + suffix for suffix in ("_bucket", "_count", "_sum", "_max")}:
            return True
    return False


def test_metrics_md_lists_exactly_what_the_services_export(live):
    assert not live.dead(), "\n".join(live.dead())
    documented = documented_metrics()
    sources = dict(live.started, pushgateway=live.pushgateway + "/metrics")
    problems = []
    for source, url in sources.items():
        samples = scraped_samples(url)
        if source == "pushgateway":  # the Pushgateway's own go_*/process_* metrics are not CityPulse's
            samples = {s for s in samples if s.startswith("citypulse_batch_") or s in {"push_time_seconds",
                                                                                       "push_failure_time_seconds"}}
        listed = {name for name, row in documented.items() if source in row["source"]}
        problems += [f"{source} exports {s}, missing from METRICS.md" for s in sorted(samples)
                     if not covered(s, listed)]
        problems += [f"METRICS.md lists {name} for {source}, which does not export it" for name in sorted(listed)
                     if not name.endswith("*") and not any(covered(s, {name}) for s in samples)
                     and not _pushed_only_on_failure(name)]
    assert not problems, "\n".join(problems)
    if live.not_built:
        pytest.skip("unchecked against a scrape: " + " | ".join(sorted(live.not_built.values())))


def _pushed_only_on_failure(name):
    return name == "push_failure_time_seconds"


def test_zone_dashboard_gets_a_zone_label(live):
    if "speed-layer" not in live.started:
        pytest.skip(live.not_built["speed-layer"])
    series = live.query("count by (zone) (citypulse_speed_anomalies_total)") + live.query(
        "count by (zone) (citypulse_speed_readings_processed_total)")
    assert series and all(s["metric"].get("zone") for s in series)
