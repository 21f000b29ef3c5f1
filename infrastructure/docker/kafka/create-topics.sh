#!/bin/bash
# Creates every topic of kafka/topics.txt that does not exist yet (idempotent), then lists them.
# Environment: BOOTSTRAP (host:port[,host:port]), REPLICATION_FACTOR, MIN_INSYNC_REPLICAS.
set -euo pipefail
topics_file=/citypulse/kafka/topics.txt
kafka_topics=/opt/kafka/bin/kafka-topics.sh

for attempt in $(seq 1 60); do
  if "$kafka_topics" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; then
    break
  fi
  [[ $attempt == 60 ]] && { echo "create-topics: Kafka at $BOOTSTRAP not reachable after 120 s" >&2; exit 1; }
  sleep 2
done

grep -v '^#' "$topics_file" | while read -r name partitions; do
  [[ -z "$name" ]] && continue
  "$kafka_topics" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config "min.insync.replicas=$MIN_INSYNC_REPLICAS"
done
"$kafka_topics" --bootstrap-server "$BOOTSTRAP" --describe --topic "$(grep -v '^#' "$topics_file" | awk 'NF {print $1}' | paste -sd, -)" \
  | grep -E '^Topic:' || true
echo "create-topics: done"
