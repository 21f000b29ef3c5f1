"""
### citypulse_hourly_ingest

Every hour: **health checks** (Kafka, the lake's S3 bucket, PostgreSQL; a failure names the service, the
address and the reason) → **ingest** (new Kafka records → Parquet lake, committed with the manifest) →
**reconcile** (every Kafka record is in the lake, in quarantine or a dropped duplicate) → **batch views**
(recomputes the days that received files since the previous views run, advances the batch horizon).

Idempotent: ingest takes offsets from the manifest and commits files and offsets in one transaction;
reconcile only reads; batch views replace whole days. Clearing any task, or the whole run, is safe;
a run with nothing new writes nothing. One run at a time (the jobs share the lake-writer lock).

Jobs: `spark-submit citypulse-batch-jobs.jar <job>` via the `spark_default` connection. See dags/README.md.
"""

from datetime import datetime, timedelta

from airflow.sdk import DAG, task

from citypulse_common import settings
from citypulse_common.spark import spark_job

with DAG(
    dag_id="citypulse_hourly_ingest",
    doc_md=__doc__,
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=55),
    default_args=settings.default_args(),
    tags=["citypulse", "batch", "ingest"],
) as dag:

    @task(execution_timeout=timedelta(minutes=2))
    def check_kafka():
        from citypulse_common.health import check_kafka as check

        return check()

    @task(execution_timeout=timedelta(minutes=2))
    def check_s3():
        from citypulse_common.health import check_s3 as check

        return check()

    @task(execution_timeout=timedelta(minutes=2))
    def check_postgres():
        from citypulse_common.health import check_postgres as check

        return check()

    ingest = spark_job("ingest", "ingest", execution_timeout=timedelta(minutes=30))
    reconcile = spark_job("reconcile", "reconcile", execution_timeout=timedelta(minutes=20))
    batch_views = spark_job("batch_views", "batch-views", execution_timeout=timedelta(minutes=20))

    [check_kafka(), check_s3(), check_postgres()] >> ingest >> reconcile >> batch_views
