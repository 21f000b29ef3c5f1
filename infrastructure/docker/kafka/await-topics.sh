#!/bin/bash
# Exits 0 once every topic of the contract's catalog (catalog.sh) exists on BOOTSTRAP; gives up after about 5 minutes.
# apps.yml runs it before the services start, so they never race the topic creation of kafka.yml.
set -uo pipefail
source "$(dirname "$0")/catalog.sh"
wanted=$(topic_catalog | awk '{print $1}' | sort) || exit 1
[[ -n "$wanted" ]] || exit 1
for attempt in $(seq 1 150); do
  present=$(/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list 2>/dev/null | sort)
  missing=$(comm -23 <(echo "$wanted") <(echo "$present"))
  if [[ -z "$missing" ]]; then
    echo "await-topics: all $(echo "$wanted" | wc -l) topics exist on $BOOTSTRAP"
    exit 0
  fi
  (( attempt % 15 == 1 )) && echo "await-topics: waiting for $(echo $missing) on $BOOTSTRAP"
  sleep 2
done
echo "await-topics: topics still missing after 300 s: $(echo $missing) (is kafka.yml up and its kafka-init done?)" >&2
exit 1
