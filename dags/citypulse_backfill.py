"""
### citypulse_backfill

Manual only. Rebuilds a range of UTC days:

* **mode = recompute** — batch views for `from_date`..`to_date` from the lake (`batch-views --from --to`).
* **mode = reingest** — first ingests whatever Kafka holds beyond the manifest for `sensor_types`
  (`ingest --topics`), then recomputes the views of the range.

Then **reconcile** proves the lake still accounts for every Kafka record. `dry_run` passes `--dry-run` to
every job. The trigger form validates the params (dates, sensor types); `validate_params` re-checks them
(from_date <= to_date, at most 92 days, not in the future) and fails with a message naming the bad param.
Idempotent: re-running the same range rewrites the same days. See dags/README.md.
"""

from datetime import datetime, timedelta

from airflow.sdk import DAG, get_current_context, task

from citypulse_common import settings
from citypulse_common.params import BACKFILL_PARAMS
from citypulse_common.spark import spark_job

DRY_RUN = "{{ '--dry-run' if params.dry_run else '' }}"

with DAG(
    dag_id="citypulse_backfill",
    doc_md=__doc__,
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    params=BACKFILL_PARAMS,
    default_args=settings.default_args(),
    tags=["citypulse", "batch", "backfill"],
) as dag:

    @task(retries=0, execution_timeout=timedelta(minutes=1))
    def validate_params() -> dict:
        from datetime import timezone

        from citypulse_common.params import validate_backfill

        context = get_current_context()
        run = validate_backfill(dict(context["params"]), today=datetime.now(timezone.utc).date())
        print(f"backfill {run}")
        return run

    @task.branch(execution_timeout=timedelta(minutes=1))
    def choose_mode(run: dict) -> str:
        return "ingest" if run["mode"] == "reingest" else "batch_views"

    ingest = spark_job("ingest", "ingest", ["--topics", "{{ params.sensor_types | join(',') }}", DRY_RUN],
                       execution_timeout=timedelta(hours=2))
    batch_views = spark_job("batch_views", "batch-views",
                            ["--from", "{{ params.from_date }}", "--to", "{{ params.to_date }}", DRY_RUN],
                            execution_timeout=timedelta(hours=2), trigger_rule="none_failed_min_one_success")
    reconcile = spark_job("reconcile", "reconcile", execution_timeout=timedelta(hours=1))

    choose_mode(validate_params()) >> [ingest, batch_views]
    ingest >> batch_views >> reconcile
