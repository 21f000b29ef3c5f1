"""The one way the DAGs run a batch job: the Spark provider's SparkSubmitOperator on the batch-jobs jar.

The master comes from the `spark_default` connection (local[*] locally, spark://spark-master:7077 in compose),
the jar from the `citypulse_batch_jobs_jar` Variable (default: CITYPULSE_BATCH_JOBS_JAR or the repo's build
output), and the job's CITYPULSE_* environment from the CityPulse connections, all at run time.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

from citypulse_common import settings

# Spark 3.5 on Java 17: the module openings of org.apache.spark.launcher.JavaModuleOptions (docs: FACTS.md).
JAVA17_OPTIONS = " ".join([
    "-XX:+IgnoreUnrecognizedVMOptions",
    *(f"--add-opens=java.base/{pkg}=ALL-UNNAMED" for pkg in (
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
        "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs",
        "sun.security.action", "sun.util.calendar")),
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
])

# Batch jobs want throughput, not short pauses: the parallel collector makes the ingest faster than G1 does
# (METRICS.md, batch, has both).
JOB_JVM_OPTIONS = f"{JAVA17_OPTIONS} -XX:+UseParallelGC"

SPARK_CONF = {
    "spark.driver.extraJavaOptions": JOB_JVM_OPTIONS,
    "spark.executor.extraJavaOptions": JOB_JVM_OPTIONS,
    # The jobs log one summary line; Spark's UI is off in the jobs themselves.
    "spark.ui.showConsoleProgress": "false",
}

JOBS = ("ingest", "reconcile", "batch-views", "compact")
MAIN_CLASS = "io.citypulse.batch.cli.BatchMain"


class CityPulseSparkSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that fills in the jar and the job environment when the task runs."""

    def execute(self, context):
        self.env_vars = {**settings.platform().job_env(), **(self.env_vars or {})}
        self.application = self.application or settings.variable(settings.VAR_JAR, settings.default_jar_path())
        if "://" not in self.application and not Path(self.application).is_file():
            raise FileNotFoundError(
                f"batch-jobs jar not found at {self.application}: build it (mvn -pl batch-jobs -am install -DskipTests) "
                f"or set the Variable {settings.VAR_JAR} / CITYPULSE_BATCH_JOBS_JAR")
        # Optional flags are templated to '' when off (e.g. --dry-run); the job's parser must not see them.
        self.application_args = [str(a) for a in (self.application_args or []) if str(a) != ""]
        self._hook = None  # a retry re-reads the connection
        return super().execute(context)


def spark_job(task_id: str, job: str, args: list[str] | None = None, *,
              execution_timeout: timedelta = timedelta(minutes=30), **kwargs) -> CityPulseSparkSubmitOperator:
    """`spark-submit citypulse-batch-jobs.jar <job> <args>` as a task; args may hold Jinja templates."""
    if job not in JOBS:
        raise ValueError(f"unknown batch job '{job}': expected one of {', '.join(JOBS)}")
    return CityPulseSparkSubmitOperator(
        task_id=task_id,
        conn_id=settings.CONN_SPARK,
        application="",
        java_class=MAIN_CLASS,
        application_args=[job, *(args or [])],
        conf=dict(SPARK_CONF),
        name=f"citypulse-{job}",
        execution_timeout=execution_timeout,
        **kwargs,
    )
