"""What the monitoring tests share: where the files are, and which metrics a PromQL query names."""
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "monitoring"
PROMETHEUS_DIR = MONITORING / "prometheus"
RULE_FILES = sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
RULE_TESTS = sorted((PROMETHEUS_DIR / "tests").glob("*.yml"))
DASHBOARDS = sorted((MONITORING / "grafana" / "dashboards").glob("*.json"))
METRICS_MD = ROOT / "METRICS.md"

# What Grafana would put in place of its variables when the tests evaluate a panel query.
GRAFANA_VARIABLES = {"$__rate_interval": "30s", "$__interval": "5s", "$__range": "5m", "$zone": ".*"}

_KEYWORDS = {
    "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
    "group", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
    "offset", "inf", "nan", "atan2",
}


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def rules():
    """Every rule of every rule file, as the dicts of the YAML."""
    return [rule for path in RULE_FILES for group in load_yaml(path)["groups"] for rule in group["rules"]]


def recording_rules():
    return {rule["record"]: rule["expr"] for rule in rules() if "record" in rule}


def alert_rules():
    return [rule for rule in rules() if "alert" in rule]


def dashboards():
    return {path.name: json.loads(path.read_text(encoding="utf-8")) for path in DASHBOARDS}


def panel_queries():
    """(dashboard file, panel title, PromQL with Grafana variables substituted) for every panel target."""
    found = []
    for name, dashboard in dashboards().items():
        for panel in dashboard["panels"]:
            for target in panel.get("targets", []):
                found.append((name, panel["title"], substitute(target["expr"])))
    return found


def variable_queries():
    """(dashboard file, variable name, metric) for label_values(metric, label) template variables."""
    found = []
    for name, dashboard in dashboards().items():
        for variable in dashboard.get("templating", {}).get("list", []):
            match = re.match(r"label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)", variable.get("definition", ""))
            if match:
                found.append((name, variable["name"], match.group(1)))
    return found


def substitute(expr):
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


def metric_names(expr):
    """The metric (and recording-rule) names a PromQL expression selects."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)                 # string literals
    text = re.sub(r"\{[^}]*\}", " ", text)                           # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)                          # range and subquery selectors
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"(?<![\w:.])\d+(\.\d+)?([eE][+-]?\d+)?(?![\w:])", " ", text)  # numbers
    names = set()
    for match in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", text):
        following = text[match.end():].lstrip()
        if match.group(0) in _KEYWORDS or following.startswith("("):
            continue
        names.add(match.group(0))
    return names


def raw_metric_names(expr, recorded=None):
    """Metric names an expression needs from exporters, following recording rules to their sources."""
    recorded = recording_rules() if recorded is None else recorded
    names = set()
    for name in metric_names(expr):
        if name in recorded:
            names |= raw_metric_names(recorded[name], recorded)
        else:
            names.add(name)
    return names


def exact_job_matchers(expr):
    """Values of job="..." equality matchers in an expression."""
    return set(re.findall(r'\bjob\s*=\s*"([^"]+)"', expr))


def documented_metrics():
    """Rows of METRICS.md's "Exported metrics" table: name -> dict(type, source, labels, meaning, used_by)."""
    text = METRICS_MD.read_text(encoding="utf-8")
    section = text.split("## Exported metrics", 1)
    assert len(section) == 2, "METRICS.md has no '## Exported metrics' section"
    rows = {}
    for line in section[1].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not cells[0].startswith("`"):
            continue
        rows[cells[0].strip("`")] = dict(type=cells[1], source=cells[2], labels=cells[3], meaning=cells[4],
                                         used_by=cells[5])
    return rows
