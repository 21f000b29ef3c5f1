#!/bin/bash
# Creates every topic of the contract's catalog that does not exist yet (idempotent), then lists them. The catalog
# is the contract's (io.citypulse.contract.topic.TopicCatalog: the platform's topics and the reading topic of every
# declared type, those of CITYPULSE_SENSOR_TYPES_DIR included), printed by the contract jar compose mounts.
# Environment: BOOTSTRAP (host:port[,host:port]), REPLICATION_FACTOR, MIN_INSYNC_REPLICAS, CITYPULSE_SENSOR_TYPES_DIR.
set -euo pipefail
source "$(dirname "$0")/catalog.sh"
kafka_topics=/opt/kafka/bin/kafka-topics.sh
topics=$(topic_catalog)

for attempt in $(seq 1 60); do
  if "$kafka_topics" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; then
    break
  fi
  [[ $attempt == 60 ]] && { echo "create-topics: Kafka at $BOOTSTRAP not reachable after 120 s" >&2; exit 1; }
  sleep 2
done

while read -r name partitions; do
  "$kafka_topics" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config "min.insync.replicas=$MIN_INSYNC_REPLICAS"
done <<< "$topics"
"$kafka_topics" --bootstrap-server "$BOOTSTRAP" --describe --topic "$(awk '{print $1}' <<< "$topics" | paste -sd, -)" \
  | grep -E '^Topic:' || true
echo "create-topics: done"
