#!/usr/bin/env bash
# Creates Heed's topics that do not exist yet, with the settings of proto/src/main/java/dev/heed/topics/Topics.java
# (a test checks that this list matches it). Runs in the apache/kafka image (docker/compose.yaml).
# Usage: create-topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION] [CLIENT_PROPERTIES]
set -euo pipefail
BOOTSTRAP="$1"; PARTITIONS="${2:-1}"; REPLICATION="${3:-1}"; CLIENT_CONFIG="${4:-}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"
extra=()
[ -n "$CLIENT_CONFIG" ] && extra=(--command-config "$CLIENT_CONFIG")

# topic name  config=value,...
while read -r topic configs; do
  [ -z "$topic" ] && continue
  args=()
  IFS=',' read -ra kv <<< "$configs"
  for c in "${kv[@]}"; do args+=(--config "$c"); done
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" "${extra[@]}" --create --if-not-exists --topic "$topic" \
      --partitions "$PARTITIONS" --replication-factor "$REPLICATION" "${args[@]}"
done <<'TOPICS'
heed.face-crops.v1 retention.ms=900000,segment.ms=900000
heed.frame-summaries.v1 retention.ms=86400000
heed.pose-events.v1 retention.ms=604800000
heed.attention-windows.v1 retention.ms=2592000000
heed.attention-alerts.v1 retention.ms=2592000000
heed.attention-states.v1 retention.ms=2592000000
heed.attention-policies.v1 cleanup.policy=compact
heed.dead-letter.v1 retention.ms=900000,segment.ms=900000
TOPICS
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" "${extra[@]}" --list
