"""Static checks of the monitoring files: promtool on configs and rules, rule unit tests, dashboard shape."""
import shutil
import subprocess

import pytest

from monitoring_support import (DASHBOARDS, PROMETHEUS_DIR, RULE_FILES, RULE_TESTS, alert_rules, dashboards,
                                load_yaml, metric_names, panel_queries, recording_rules)

PROMTOOL = shutil.which("promtool") or "/usr/bin/promtool"
CONFIGS = [PROMETHEUS_DIR / "prometheus.yml", PROMETHEUS_DIR / "prometheus-local.yml"]
DASHBOARD_UIDS = {"citypulse-pipeline", "citypulse-speed", "citypulse-batch", "citypulse-api", "citypulse-zones"}
DATASOURCE_UID = "citypulse-prometheus"

needs_promtool = pytest.mark.skipif(not shutil.which("promtool") and not shutil.os.path.exists(PROMTOOL),
                                    reason="promtool is not installed (Debian: apt-get install prometheus)")


def promtool(*args):
    result = subprocess.run([PROMTOOL, *map(str, args)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"promtool {' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@needs_promtool
@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
def test_config_is_valid(config):
    promtool("check", "config", config)


@needs_promtool
def test_rules_are_valid():
    promtool("check", "rules", *RULE_FILES)


@needs_promtool
def test_rule_unit_tests_pass():
    out = promtool("test", "rules", *RULE_TESTS)
    assert "FAILED" not in out


def test_both_configs_load_the_same_rule_files():
    for config in CONFIGS:
        files = {(PROMETHEUS_DIR / f).resolve() for f in load_yaml(config)["rule_files"]}
        assert files == {f.resolve() for f in RULE_FILES}, config.name


def test_both_configs_scrape_the_services_and_honor_pushed_labels():
    for config in CONFIGS:
        jobs = {job["job_name"]: job for job in load_yaml(config)["scrape_configs"]}
        assert {"generator", "speed-layer", "api", "pushgateway"} <= jobs.keys(), config.name
        assert jobs["pushgateway"].get("honor_labels") is True, config.name
        assert jobs["api"]["metrics_path"] == "/q/metrics", config.name
    compose_jobs = {job["job_name"] for job in load_yaml(CONFIGS[0])["scrape_configs"]}
    assert {"kafka", "airflow"} <= compose_jobs


def test_every_alert_has_severity_for_and_description():
    for rule in alert_rules():
        assert rule.get("labels", {}).get("severity") in {"page", "warning"}, rule["alert"]
        assert rule.get("for"), rule["alert"]
        description = rule.get("annotations", {}).get("description", "")
        assert description and "\n" not in description.strip(), rule["alert"]


def test_every_alert_has_a_firing_and_a_quiet_unit_test():
    fired, quiet = set(), set()
    for path in RULE_TESTS:
        for case in load_yaml(path)["tests"]:
            for check in case.get("alert_rule_test", []):
                (fired if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alert_rules()}
    assert names - fired == set(), "alerts without a test where they fire"
    assert names - quiet == set(), "alerts without a test where they stay quiet"


def test_recording_rules_reference_only_defined_recordings():
    recorded = recording_rules()
    for expr in list(recorded.values()) + [rule["expr"] for rule in alert_rules()]:
        for name in metric_names(expr):
            if ":" in name:
                assert name in recorded, f"{name} is used but no rule records it"


def test_dashboards_have_stable_uids_and_the_provisioned_datasource():
    boards = dashboards()
    assert {board["uid"] for board in boards.values()} == DASHBOARD_UIDS
    for name, board in boards.items():
        ids = [panel["id"] for panel in board["panels"]]
        assert len(ids) == len(set(ids)), name
        for panel in board["panels"]:
            assert panel["datasource"]["uid"] == DATASOURCE_UID, (name, panel["title"])
            assert panel["targets"], (name, panel["title"])
            for target in panel["targets"]:
                assert target["datasource"]["uid"] == DATASOURCE_UID, (name, panel["title"])
    provisioned = load_yaml(PROMETHEUS_DIR.parent / "grafana" / "provisioning" / "datasources" / "prometheus.yml")
    assert [ds["uid"] for ds in provisioned["datasources"]] == [DATASOURCE_UID]
    assert len(DASHBOARDS) == len(DASHBOARD_UIDS)


def test_panel_queries_name_metrics():
    for board, title, expr in panel_queries():
        assert metric_names(expr), f"{board} / {title}: no metric in {expr}"


def test_metric_name_extraction():
    assert metric_names('60 * sum by (type) (rate(citypulse_speed_anomalies_total{zone=~"a|b"}[5m]))') == {
        "citypulse_speed_anomalies_total"}
    assert metric_names("a:b:c > 4 * d_e and on() f > 1e8") == {"a:b:c", "d_e", "f"}
    assert metric_names('histogram_quantile(0.99, sum by (le) (rate(x_bucket{job="api"}[5m])))') == {"x_bucket"}
