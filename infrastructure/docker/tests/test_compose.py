"""Checks of the compose deployment (infrastructure/docker/) that need no Docker engine.

Every compose file must validate with `docker-compose config -q`, alone and with the files it is
deployed with; every variable it uses must be in .env.example; every variable an app service gets
must be one its code reads; every Dockerfile must copy artifacts the Maven build declares; the
topics come from the contract's catalog, and a city's types reach every service. Run: pytest infrastructure/docker/tests
"""
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

DOCKER_DIR = Path(__file__).resolve().parents[1]
ROOT = DOCKER_DIR.parents[1]
ENV_EXAMPLE = ROOT / ".env.example"
POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}

# Each file with the files it is deployed with (docs/deployment.md: storage -> kafka -> spark ->
# monitoring -> airflow -> apps). No file refers to another's services: they share the external
# network `citypulse`, so each must also validate alone.
DEPLOYED_WITH = {
    "storage.yml": [],
    "kafka.yml": [],
    "kafka-cluster.yml": [],
    "spark.yml": [],
    "monitoring.yml": ["kafka.yml"],
    "airflow.yml": ["storage.yml", "kafka.yml", "spark.yml", "monitoring.yml"],
    "apps.yml": ["storage.yml", "kafka.yml", "monitoring.yml"],
}
COMPOSE_FILES = sorted(DEPLOYED_WITH)
FULL_STACK = ["storage.yml", "kafka.yml", "spark.yml", "monitoring.yml", "airflow.yml", "apps.yml"]

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_KEY$|ACCESS_KEY|TOKEN|FERNET|SQL_ALCHEMY_CONN")

needs_compose = pytest.mark.skipif(shutil.which("docker-compose") is None,
                                   reason="docker-compose (v1) is not installed: apt-get install docker-compose")


def load(name):
    return yaml.safe_load((DOCKER_DIR / name).read_text())


def services(name):
    return load(name)["services"]


def all_services():
    for name in COMPOSE_FILES:
        for service, spec in services(name).items():
            yield name, service, spec


def env_example():
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def compose(files, env_file, *args):
    """Runs docker-compose from the repository root with only env_file's variables (no caller env)."""
    command = ["docker-compose", "--env-file", str(env_file)]
    for name in files:
        command += ["-f", str(DOCKER_DIR / name)]
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(command + list(args), cwd=ROOT, env=clean_env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def env_file(tmp_path_factory):
    """.env.example as-is: its placeholders are what an operator replaces."""
    path = tmp_path_factory.mktemp("compose") / ".env"
    path.write_text(ENV_EXAMPLE.read_text())
    return path


# ---------------------------------------------------------------- validation with docker-compose

@needs_compose
@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_validates_alone(name, env_file):
    result = compose([name], env_file, "config", "-q")
    assert result.returncode == 0, result.stderr


@needs_compose
@pytest.mark.parametrize("name", [n for n in COMPOSE_FILES if DEPLOYED_WITH[n]])
def test_validates_with_the_files_it_is_deployed_with(name, env_file):
    result = compose(DEPLOYED_WITH[name] + [name], env_file, "config", "-q")
    assert result.returncode == 0, result.stderr


@needs_compose
@pytest.mark.parametrize("kafka", ["kafka.yml", "kafka-cluster.yml"])
def test_whole_stack_validates_together(kafka, env_file):
    files = [kafka if f == "kafka.yml" else f for f in FULL_STACK]
    result = compose(files, env_file, "config", "-q")
    assert result.returncode == 0, result.stderr


@needs_compose
def test_missing_credential_stops_compose_with_the_variable_name(tmp_path):
    lines = [l for l in ENV_EXAMPLE.read_text().splitlines() if not l.startswith("CITYPULSE_DB_PASSWORD=")]
    env = tmp_path / ".env"
    env.write_text("\n".join(lines) + "\n")
    result = compose(["storage.yml"], env, "config", "-q")
    assert result.returncode != 0
    assert "set CITYPULSE_DB_PASSWORD in .env" in result.stderr


# ---------------------------------------------------------------- variables and secrets

def test_every_compose_variable_is_in_env_example():
    known = set(env_example())
    for name in COMPOSE_FILES:
        text = (DOCKER_DIR / name).read_text()
        # $${VAR} is a literal for the container's shell, not compose interpolation.
        used = set(VARIABLE.findall(re.sub(r"\$\$\{?[A-Za-z_]+", "", text)))
        assert used - known == set(), f"{name} uses variables missing from .env.example"


def test_credentials_only_come_from_the_environment():
    for name, service, spec in all_services():
        for key, value in (spec.get("environment") or {}).items():
            if '"password"' in str(value):  # a connection in Airflow's JSON form
                assert re.search(r'"password":\s*"\$\{', str(value)), f"{name}:{service}: {key} has a literal password"
            if SECRET_NAME.search(key):
                assert "${" in str(value), f"{name}:{service}: {key} must come from a variable, not a literal"
                for variable in VARIABLE.findall(str(value)):
                    if SECRET_NAME.search(variable) or variable.endswith(("_USER", "_PASSWORD")):
                        assert re.search(r"\$\{" + variable + r"(:\?|\})", str(value)), \
                            f"{name}:{service}: {key} must not carry a default for {variable}"


def test_env_example_has_placeholders_not_secrets():
    for key, value in env_example().items():
        if re.search(r"PASSWORD|SECRET_KEY|SECRET$|FERNET|JWT", key):
            assert value.startswith("change-me"), f".env.example: {key} must be a change-me placeholder"


# ---------------------------------------------------------------- app services read what they get

def app_services():
    """(file, service, module) of every service built from infrastructure/docker/<module>/Dockerfile."""
    for name, service, spec in all_services():
        build = spec.get("build")
        if isinstance(build, dict):
            module = Path(build["dockerfile"]).parent.name
            if (ROOT / module / "pom.xml").exists():
                yield name, service, module


def sources_of(module):
    """The text a module's process reads its configuration from: its main sources and resources,
    the observability and contract modules it embeds, and its image's Dockerfile (entrypoint variables)."""
    texts = []
    for tree in [ROOT / module / "src" / "main", ROOT / "observability" / "src" / "main", ROOT / "contract" / "src" / "main"]:
        if tree.exists():
            texts += [p.read_text(errors="replace") for p in tree.rglob("*") if p.suffix in (".java", ".properties")]
    texts.append((DOCKER_DIR / module / "Dockerfile").read_text())
    return "\n".join(texts)


def unread(variables, text):
    return sorted(v for v in variables if not re.search(r"(?<![A-Za-z0-9_])" + re.escape(v) + r"(?![A-Za-z0-9_])", text))


def required_by(module):
    """Variables the module cannot start without: picocli ${env:X} without default, JobConfig
    required(env, "X"), Quarkus %prod values ${X} without default."""
    required = set()
    main = ROOT / module / "src" / "main"
    if not main.exists():
        return required
    for path in main.rglob("*.java"):
        text = path.read_text(errors="replace")
        required |= set(re.findall(r"\$\{env:([A-Z0-9_]+)\}", text))
        required |= set(re.findall(r'required\(env,\s*"([A-Z0-9_]+)"\)', text))
    for path in main.rglob("application.properties"):
        required |= set(re.findall(r"^%prod\.[^=]+=\$\{([A-Z0-9_]+)\}\s*$", path.read_text(), re.MULTILINE))
    return required


APP_SERVICES = list(app_services())


def test_app_services_are_found():
    assert {m for _, _, m in APP_SERVICES} == {"generator", "speed-layer", "api", "batch-jobs"}


@pytest.mark.parametrize("name,service,module", APP_SERVICES, ids=[s for _, s, _ in APP_SERVICES])
def test_app_environment_is_read_by_the_service(name, service, module):
    variables = set((services(name)[service].get("environment") or {}).keys())
    assert unread(variables, sources_of(module)) == [], \
        f"{service}: these variables are read nowhere in {module}/src/main or its Dockerfile"


@pytest.mark.parametrize("name,service,module", APP_SERVICES, ids=[s for _, s, _ in APP_SERVICES])
def test_app_gets_every_variable_it_requires(name, service, module):
    variables = set((services(name)[service].get("environment") or {}).keys())
    assert sorted(required_by(module) - variables) == []


def test_the_environment_check_catches_a_typo():
    text = sources_of("generator")
    assert unread({"CITYPULSE_KAFKA_BOOTSTRAP"}, text) == []
    assert unread({"CITYPULSE_KAFKA_BOOTSRAP"}, text) == ["CITYPULSE_KAFKA_BOOTSRAP"]
    assert unread({"CITYPULSE_KAFKA"}, text) == ["CITYPULSE_KAFKA"]


# ---------------------------------------------------------------- images copy what Maven builds

def declared_outputs(module):
    """Paths under <module>/target/ that the module's pom makes `mvn install` produce."""
    pom = ET.parse(ROOT / module / "pom.xml").getroot()
    artifact = pom.findtext("m:artifactId", namespaces=POM_NS)
    version = pom.findtext("m:version", namespaces=POM_NS) or pom.findtext("m:parent/m:version", namespaces=POM_NS)
    final_name = pom.findtext("m:build/m:finalName", namespaces=POM_NS) or f"{artifact}-{version}"
    outputs = {f"target/{final_name}.jar"}
    for plugin in pom.findall("m:build/m:plugins/m:plugin", POM_NS):
        plugin_id = plugin.findtext("m:artifactId", namespaces=POM_NS)
        if plugin_id == "maven-shade-plugin":
            for output in plugin.iter(f"{{{POM_NS['m']}}}outputFile"):
                outputs.add(output.text.strip().replace("${project.build.directory}", "target"))
        if plugin_id == "quarkus-maven-plugin" and "build" in [g.text for g in plugin.iter(f"{{{POM_NS['m']}}}goal")]:
            properties = ROOT / module / "src/main/resources/application.properties"
            text = properties.read_text() if properties.exists() else ""
            package_type = re.search(r"^quarkus\.package\.(?:jar\.)?type\s*=\s*(\S+)", text, re.MULTILINE)
            if package_type is None or package_type.group(1) == "fast-jar":
                outputs |= {"target/quarkus-app/quarkus-run.jar", "target/quarkus-app/lib/",
                            "target/quarkus-app/app/", "target/quarkus-app/quarkus/"}
    return outputs


def copy_sources(dockerfile):
    sources = []
    for line in dockerfile.read_text().splitlines():
        parts = line.split()
        if parts and parts[0].upper() == "COPY":
            args = [p for p in parts[1:] if not p.startswith("--")]
            sources += args[:-1]
    return sources


DOCKERFILES = sorted(DOCKER_DIR.glob("*/Dockerfile"))


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=[d.parent.name for d in DOCKERFILES])
def test_dockerfile_copies_what_the_build_produces(dockerfile):
    sources = copy_sources(dockerfile)
    assert sources, f"{dockerfile} copies nothing"
    for source in sources:
        module, _, rest = source.partition("/")
        if rest.startswith("target/"):
            # Built or not, the pom must declare the artifact; a typo in either place fails here.
            assert rest in declared_outputs(module), f"{source}: not an output declared by {module}/pom.xml"
        else:
            assert (ROOT / source).exists(), f"{source} does not exist in the repository"


def test_images_copy_the_jars_citypulse_up_runs():
    script = (ROOT / "citypulse").read_text()
    up_jars = dict(re.findall(r'\[([a-z-]+)\]="([^|"]+\.jar)\|', script))
    assert up_jars, "no app jars found in ./citypulse"
    for app, jar in up_jars.items():
        assert jar in copy_sources(DOCKER_DIR / app / "Dockerfile"), f"{app}: image and ./citypulse up run different jars"


def test_build_context_is_the_repository_root():
    for name, service, spec in all_services():
        build = spec.get("build")
        if build:
            assert (DOCKER_DIR / build["context"]).resolve() == ROOT, f"{name}:{service}"
            assert (ROOT / build["dockerfile"]).exists(), f"{name}:{service}: {build['dockerfile']}"


# ---------------------------------------------------------------- topics, migrations

KAFKA_SCRIPTS = DOCKER_DIR / "kafka"
CITY_TYPES_DIR = "/citypulse/sensor-types"


def contract_jar():
    return declared_outputs("contract") & {"target/citypulse-contract.jar"}


def topic_catalog(tmp_path, **env):
    """Runs catalog.sh's topic_catalog as the topic scripts do, with the built contract jar and, as Kafka's libs,
    the kafka-clients and jackson-core jars Maven resolved for the contract."""
    libs = tmp_path / "libs"
    libs.mkdir(exist_ok=True)
    repository = Path.home() / ".m2/repository"
    for pattern in ["org/apache/kafka/kafka-clients/*/kafka-clients-*.jar",
                    "com/fasterxml/jackson/core/jackson-core/2.15*/jackson-core-*.jar"]:
        jar = sorted(j for j in repository.glob(pattern) if "sources" not in j.name)[-1]
        (libs / jar.name).unlink(missing_ok=True)
        (libs / jar.name).symlink_to(jar)
    script = f"source {KAFKA_SCRIPTS / 'catalog.sh'} && topic_catalog"
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], "CONTRACT_JAR": str(ROOT / "contract/target/citypulse-contract.jar"),
                               "KAFKA_LIBS": str(libs), **env})


@pytest.mark.skipif(not (ROOT / "contract/target/citypulse-contract.jar").exists(),
                    reason="the contract jar is not built (mvn install -DskipTests)")
def test_the_topic_scripts_create_the_contracts_topics_and_a_city_s_types(tmp_path):
    assert contract_jar(), "the contract's pom names its jar citypulse-contract.jar, which compose mounts"
    built_in = topic_catalog(tmp_path)
    assert built_in.returncode == 0, built_in.stderr
    topics = dict(line.split() for line in built_in.stdout.splitlines())
    declared = {json.loads(p.read_text())["topic"] for p in (ROOT / "contract/src/main/resources/sensor-types").glob("*.json")}
    assert declared <= topics.keys() and "citypulse.deadletter" in topics, topics
    assert all(n.isdigit() and int(n) >= 1 for n in topics.values())

    city = topic_catalog(tmp_path, CITYPULSE_SENSOR_TYPES_DIR=str(ROOT / "api/tests/sensor-types"))
    assert city.returncode == 0, city.stderr
    assert dict(line.split() for line in city.stdout.splitlines()) == {**topics, "citypulse.readings.parking": "3"}

    broken = topic_catalog(tmp_path, CITYPULSE_SENSOR_TYPES_DIR=str(tmp_path / "nowhere"))
    assert broken.returncode != 0 and broken.stdout == ""
    assert "CITYPULSE_SENSOR_TYPES_DIR=" in broken.stderr and "not a readable folder" in broken.stderr


def test_the_topic_scripts_read_the_catalog_from_the_jar_compose_mounts():
    default_jar = re.search(r"CONTRACT_JAR=\$\{CONTRACT_JAR:-([^}]+)\}", (KAFKA_SCRIPTS / "catalog.sh").read_text()).group(1)
    for script in ["create-topics.sh", "await-topics.sh"]:
        assert 'source "$(dirname "$0")/catalog.sh"' in (KAFKA_SCRIPTS / script).read_text(), script
    runs = [(name, service, spec) for name, service, spec in all_services()
            if any("/citypulse/kafka/" in part for part in spec.get("entrypoint") or [])]
    assert {(name, service) for name, service, _ in runs} == {
        ("kafka.yml", "kafka-init"), ("kafka-cluster.yml", "kafka-init"), ("apps.yml", "await-kafka")}
    for name, service, spec in runs:
        assert f"../../contract/target/citypulse-contract.jar:{default_jar}:ro" in spec["volumes"], f"{name}:{service}"


def test_a_city_s_types_reach_every_service_that_reads_the_contract():
    """Every process that loads the sensor types (the topic scripts, the app images, Airflow's Spark drivers and the
    Spark workers' executors) gets the same folder at the same path."""
    readers = [(name, service, spec) for name, service, spec in all_services()
               if name != "monitoring.yml" and (spec.get("build") or "/citypulse/kafka/" in str(spec.get("entrypoint"))
                                                or service.startswith("spark-worker"))]
    assert len(readers) >= 12, [s for _, s, _ in readers]
    for name, service, spec in readers:
        assert (spec.get("environment") or {}).get("CITYPULSE_SENSOR_TYPES_DIR") == CITY_TYPES_DIR, f"{name}:{service}"
        assert f"${{CITYPULSE_COMPOSE_SENSOR_TYPES_DIR:-./city-types}}:{CITY_TYPES_DIR}:ro" in spec["volumes"], \
            f"{name}:{service}"
    assert (DOCKER_DIR / "city-types").is_dir() and not list((DOCKER_DIR / "city-types").glob("*.json"))


def test_cluster_variant_replicates_three_ways_with_min_isr_two():
    cluster = services("kafka-cluster.yml")
    brokers = [s for s in cluster if s.startswith("kafka-") and s != "kafka-init"]
    assert len(brokers) == 3
    for broker in brokers:
        env = cluster[broker]["environment"]
        assert (env["KAFKA_DEFAULT_REPLICATION_FACTOR"], env["KAFKA_MIN_INSYNC_REPLICAS"]) == (3, 2)
        assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == 3
    init = cluster["kafka-init"]["environment"]
    assert (init["REPLICATION_FACTOR"], init["MIN_INSYNC_REPLICAS"]) == (3, 2)


def test_flyway_applies_the_contract_migration_set():
    flyway = services("storage.yml")["flyway"]
    mount = next(v for v in flyway["volumes"] if v.endswith(":/flyway/sql:ro"))
    host = (DOCKER_DIR / mount.split(":")[0]).resolve()
    assert host == ROOT / "contract/src/main/resources/db/migration"
    assert sorted(host.glob("V*__*.sql")), "no migrations in the mounted directory"


# ---------------------------------------------------------------- shape of every service

def test_images_are_pinned():
    for name, service, spec in all_services():
        image = spec["image"]
        if spec.get("build"):
            continue
        tag = image.rpartition(":")[2]
        assert ":" in image and tag != "latest" and re.search(r"\d", tag), f"{name}:{service}: {image}"
    for dockerfile in DOCKERFILES:
        for base in re.findall(r"^FROM\s+(\S+)", dockerfile.read_text(), re.MULTILINE):
            assert re.search(r":[^:]*\d", base) and not base.endswith(":latest"), f"{dockerfile}: {base}"


def test_every_service_has_limits_and_depends_on_conditions():
    for name, service, spec in all_services():
        assert "mem_limit" in spec and "cpus" in spec, f"{name}:{service} has no resource limits"
        depends = spec.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}:{service}: depends_on must use conditions"
        for target, condition in depends.items():
            assert condition.get("condition") in ("service_healthy", "service_completed_successfully"), \
                f"{name}:{service} -> {target}"


def test_long_running_services_have_health_checks():
    for name, service, spec in all_services():
        if spec.get("restart") != "no":
            assert "healthcheck" in spec, f"{name}:{service} has no health check"


def test_all_files_share_the_external_network_and_name_their_volumes():
    for name in COMPOSE_FILES:
        spec = load(name)
        assert spec["networks"] == {"default": {"name": "citypulse", "external": True}}, name
        for volume, options in (spec.get("volumes") or {}).items():
            assert options["name"].startswith("citypulse-"), f"{name}: volume {volume}"


def test_speed_layer_runs_two_instances_in_one_group():
    apps = services("apps.yml")
    groups = [apps[s]["environment"]["CITYPULSE_SPEED_GROUP"] for s in ("speed-layer-1", "speed-layer-2")]
    assert groups[0] == groups[1] == "citypulse-speed-layer"


def test_prometheus_targets_are_compose_services():
    """Every host monitoring/prometheus/prometheus.yml scrapes is a service name or network alias."""
    config_mount = next(v for v in services("monitoring.yml")["prometheus"]["volumes"] if v.endswith(":/etc/prometheus:ro"))
    config = yaml.safe_load((DOCKER_DIR / config_mount.split(":")[0] / "prometheus.yml").read_text())
    names = {"localhost"}
    for name, service, spec in all_services():
        names.add(service)
        networks = spec.get("networks") or {}
        if isinstance(networks, dict):
            for options in networks.values():
                names |= set((options or {}).get("aliases", []))
    for job in config["scrape_configs"]:
        hosts = [t.rsplit(":", 1)[0] for sc in job.get("static_configs", []) for t in sc["targets"]]
        hosts += [n for sd in job.get("dns_sd_configs", []) for n in sd["names"]]
        assert set(hosts) <= names, f"job {job['job_name']} scrapes {sorted(set(hosts) - names)}, not on the network"
    for rule_file in config.get("rule_files", []):
        assert list((DOCKER_DIR / config_mount.split(":")[0]).glob(rule_file)), f"rule file {rule_file} not found"


def test_airflow_connections_are_the_ones_the_dags_read():
    settings = ROOT / "dags/citypulse_common/settings.py"
    if not settings.exists():
        pytest.skip("dags/ not written yet")
    wanted = set(re.findall(r'^CONN_[A-Z_]+ = "([a-z_]+)"', settings.read_text(), re.MULTILINE))
    env = services("airflow.yml")["airflow-scheduler"]["environment"]
    defined = {k[len("AIRFLOW_CONN_"):].lower() for k in env if k.startswith("AIRFLOW_CONN_")}
    assert wanted and wanted <= defined
