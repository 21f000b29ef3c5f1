"""
### citypulse_daily_maintenance

Once a day, for **yesterday** (UTC; the day before the run's logical date):

* **compact** — merges yesterday's small lake files per partition (`compact --date`), in one manifest transaction.
* **data_quality_report** — rows per sensor type, quarantine rate, duplicate rate, late rate and readings missing
  (sequence gaps of the hours reconcile has settled), upserted into
  `data_quality_report` (migration V3) and logged as a table.
* **purge_realtime_views** — deletes `rt_minute_aggregate` rows older than the batch horizon minus
  `citypulse_rt_margin_hours` (default 24): the batch views serve those hours.
* **purge_anomalies** — deletes anomalies whose window started more than `citypulse_anomaly_ttl_days`
  (default 30) before the run.
* **lake_retention** — policy: the lake is the master dataset and is kept; quarantine partitions older than
  `citypulse_quarantine_ttl_days` are reported (files, rows, bytes), not deleted, because reconcile accounts
  for quarantined rows per ingested range (dags/README.md).

Every task is idempotent: the same run computes the same cut-offs, deletes are bounded and re-runnable,
the report is an upsert, compaction commits atomically.
"""

from datetime import datetime, timedelta

from airflow.sdk import DAG, get_current_context, task

from citypulse_common import settings
from citypulse_common.spark import spark_job


def _run_time(context) -> datetime:
    # Manual runs may have no logical date in Airflow 3; run_after always exists.
    return context.get("logical_date") or context["dag_run"].run_after


with DAG(
    dag_id="citypulse_daily_maintenance",
    doc_md=__doc__,
    schedule="30 0 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=settings.default_args(),
    tags=["citypulse", "batch", "maintenance", "data-quality"],
) as dag:

    @task(execution_timeout=timedelta(minutes=1))
    def target_day() -> str:
        """Yesterday relative to the run, as YYYY-MM-DD (UTC)."""
        return (_run_time(get_current_context()).date() - timedelta(days=1)).isoformat()

    day = target_day()
    compact = spark_job("compact", "compact", ["--date", "{{ ti.xcom_pull(task_ids='target_day') }}"],
                        execution_timeout=timedelta(minutes=60))

    @task(execution_timeout=timedelta(minutes=30))
    def data_quality_report(day: str):
        from datetime import date

        from citypulse_common import maintenance

        p = settings.platform()
        threshold = settings.int_variable(settings.VAR_LATE_THRESHOLD_SECONDS)
        with maintenance.connect(p) as conn:
            report = maintenance.quality_report(conn, settings.s3_filesystem(p), p.s3_bucket,
                                                date.fromisoformat(day), threshold)
        print(f"data-quality report for {day} (late = more than {threshold} s between event and Kafka time)\n"
              + maintenance.format_report(report))
        return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in report]

    @task(execution_timeout=timedelta(minutes=30))
    def purge_realtime_views():
        from citypulse_common import maintenance

        margin = settings.int_variable(settings.VAR_RT_MARGIN_HOURS)
        with maintenance.connect(settings.platform()) as conn:
            deleted = maintenance.purge_realtime_views(conn, margin)
        print(f"deleted {deleted} rt_minute_aggregate rows older than the batch horizon minus {margin} h")
        return deleted

    @task(execution_timeout=timedelta(minutes=30))
    def purge_anomalies():
        from citypulse_common import maintenance

        ttl = settings.int_variable(settings.VAR_ANOMALY_TTL_DAYS)
        with maintenance.connect(settings.platform()) as conn:
            deleted = maintenance.purge_anomalies(conn, ttl, _run_time(get_current_context()))
        print(f"deleted {deleted} anomalies whose window started more than {ttl} days ago")
        return deleted

    @task(execution_timeout=timedelta(minutes=5))
    def lake_retention(day: str):
        from datetime import date

        from citypulse_common import maintenance

        ttl = settings.int_variable(settings.VAR_QUARANTINE_TTL_DAYS)
        with maintenance.connect(settings.platform()) as conn:
            rows = maintenance.lake_retention_candidates(conn, ttl, date.fromisoformat(day))
        for sensor_type, files, n, size in rows:
            print(f"quarantine {sensor_type}: {files} files, {n} rows, {size} bytes older than {ttl} days (kept)")
        print("lake policy: events kept (master dataset); quarantine beyond the TTL reported, deletion needs "
              "batch-jobs support (dags/README.md)" if rows else f"no quarantine older than {ttl} days")

    day >> compact >> [data_quality_report(day), lake_retention(day)]
    day >> [purge_realtime_views(), purge_anomalies()]
