"""Every DAG imports cleanly, follows the house rules, and has exactly the designed task graph."""

from datetime import timedelta
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parent.parent

EXPECTED_DAGS = {"citypulse_hourly_ingest", "citypulse_daily_maintenance", "citypulse_backfill"}

# task_id -> upstream task_ids, per DAG: the design, asserted exactly.
GRAPHS = {
    "citypulse_hourly_ingest": {
        "check_kafka": set(), "check_s3": set(), "check_postgres": set(),
        "ingest": {"check_kafka", "check_s3", "check_postgres"},
        "reconcile": {"ingest"},
        "batch_views": {"reconcile"},
    },
    "citypulse_daily_maintenance": {
        "target_day": set(),
        "compact": {"target_day"},
        "data_quality_report": {"compact", "target_day"},
        "lake_retention": {"compact", "target_day"},
        "purge_realtime_views": {"target_day"},
        "purge_anomalies": {"target_day"},
    },
    "citypulse_backfill": {
        "validate_params": set(),
        "choose_mode": {"validate_params"},
        "ingest": {"choose_mode"},
        "batch_views": {"choose_mode", "ingest"},
        "reconcile": {"batch_views"},
    },
}
SPARK_TASKS = {
    "citypulse_hourly_ingest": {"ingest": "ingest", "reconcile": "reconcile", "batch_views": "batch-views"},
    "citypulse_daily_maintenance": {"compact": "compact"},
    "citypulse_backfill": {"ingest": "ingest", "batch_views": "batch-views", "reconcile": "reconcile"},
}
# Deterministic checks of the trigger's input: retrying cannot fix a bad param, so they fail at once.
NO_RETRY = {("citypulse_backfill", "validate_params")}


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_DIR))


def test_every_dag_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == EXPECTED_DAGS  # also: no example DAGs, no DAG from citypulse_common


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_DAGS))
def test_dag_follows_house_rules(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.fileloc.endswith(f"/{dag_id}.py"), "one DAG per file, dag_id = file name"
    assert dag.catchup is False
    assert dag.doc_md and dag_id in dag.doc_md
    assert {"citypulse", "batch"} <= set(dag.tags)
    assert dag.max_active_runs == 1
    for t in dag.tasks:
        assert t.owner == "citypulse-data", t.task_id
        assert t.execution_timeout is not None and t.execution_timeout <= timedelta(hours=2), t.task_id
        if (dag_id, t.task_id) in NO_RETRY:
            assert t.retries == 0
        else:
            assert t.retries >= 2, t.task_id
            assert t.retry_exponential_backoff, t.task_id


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_DAGS))
def test_task_graph_is_as_designed(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert {t.task_id: set(t.upstream_task_ids) for t in dag.tasks} == GRAPHS[dag_id]
    downstream = {t.task_id: set(t.downstream_task_ids) for t in dag.tasks}
    expected_downstream = {task: {d for d, ups in GRAPHS[dag_id].items() if task in ups} for task in GRAPHS[dag_id]}
    assert downstream == expected_downstream


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_DAGS))
def test_spark_jobs_go_through_the_spark_provider(dagbag, dag_id):
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    dag = dagbag.dags[dag_id]
    for task_id, job in SPARK_TASKS[dag_id].items():
        t = dag.get_task(task_id)
        assert isinstance(t, SparkSubmitOperator)
        assert t.application_args[0] == job
        assert t._conn_id == "spark_default"
        assert t._java_class == "io.citypulse.batch.cli.BatchMain"
        assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in t.conf["spark.driver.extraJavaOptions"]
        assert "-XX:+UseParallelGC" in t.conf["spark.executor.extraJavaOptions"]


def test_schedules(dagbag):
    assert dagbag.dags["citypulse_hourly_ingest"].schedule == "@hourly"
    assert dagbag.dags["citypulse_backfill"].schedule is None
    assert dagbag.dags["citypulse_daily_maintenance"].schedule == "30 0 * * *"
    maintenance = dagbag.dags["citypulse_daily_maintenance"]
    assert maintenance.get_task("compact").application_args == [
        "compact", "--date", "{{ ti.xcom_pull(task_ids='target_day') }}"]


def test_backfill_passes_the_range_to_the_views_job(dagbag):
    dag = dagbag.dags["citypulse_backfill"]
    args = dag.get_task("batch_views").application_args
    assert args[:5] == ["batch-views", "--from", "{{ params.from_date }}", "--to", "{{ params.to_date }}"]
    assert dag.get_task("batch_views").trigger_rule == "none_failed_min_one_success"
