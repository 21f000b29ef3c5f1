#!/bin/bash
# Exits 0 once PostgreSQL holds every migration of the mounted set and MinIO answers ready;
# gives up after about 5 minutes. apps.yml runs it before the services start.
set -uo pipefail
expected=$(ls /citypulse/migration/V*__*.sql | wc -l)
minio_ready() {
  # MinIO's unauthenticated readiness probe, over bash's /dev/tcp (this image has no curl).
  exec 3<>/dev/tcp/minio/9000 || return 1
  printf 'GET /minio/health/ready HTTP/1.0\r\nHost: minio\r\n\r\n' >&3
  head -n 1 <&3 | grep -q ' 200 '
  local status=$?
  exec 3<&-
  return $status
}
for attempt in $(seq 1 150); do
  applied=$(psql -h postgres -U "$PGUSER" -d citypulse -tAc \
    "select count(*) from flyway_schema_history where success and version is not null" 2>/dev/null || echo 0)
  if [[ "$applied" -ge "$expected" ]] && minio_ready 2>/dev/null; then
    echo "await-storage: $applied/$expected migrations applied, MinIO ready"
    exit 0
  fi
  (( attempt % 15 == 1 )) && echo "await-storage: migrations $applied/$expected, waiting for storage.yml"
  sleep 2
done
echo "await-storage: storage not ready after 300 s (is storage.yml up and its flyway step done?)" >&2
exit 1
