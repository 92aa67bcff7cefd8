#!/usr/bin/env bash
# Stops every app scripts/stack-up.sh started (same STACK, default local) and the Kafka broker and Zipkin it started.
# MariaDB and Redis keep running (shared machine services); --all also stops them.
source "$(dirname "$0")/lib.sh"
STACK="${STACK:-local}"
STACK_RUN="$RUN_DIR/$STACK"
# the offset stack-up.sh recorded comes before the default, so a stack started with PORT_OFFSET stops its own broker
RECORDED_OFFSET="$(cat "$STACK_RUN/offset" 2>/dev/null || true)"
if [[ "$STACK" == local ]]; then OFFSET="${PORT_OFFSET:-${RECORDED_OFFSET:-0}}"
else OFFSET="${PORT_OFFSET:-${RECORDED_OFFSET:-10000}}"; fi
shopt -s nullglob
pids=()
for pidfile in "$STACK_RUN"/*.pid; do
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null && pids+=("$pid") && say "stopping $(basename "$pidfile" .pid)"
done
for pid in "${pids[@]}"; do
  for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
done
rm -f "$STACK_RUN"/*.pid "$STACK_RUN"/*.port "$STACK_RUN"/*.management-port "$STACK_RUN"/*.cmd "$STACK_RUN/offset"
KAFKA_PORT=$((9092 + OFFSET)) "$ROOT/scripts/kafka.sh" stop
ZIPKIN_PORT=$((9411 + OFFSET)) "$ROOT/scripts/zipkin.sh" stop
if [[ "${1:-}" == "--all" ]]; then
  redis-cli -p "${REDIS_PORT:-6379}" shutdown nosave 2>/dev/null && say "stopped redis" || true
  if command -v mariadb-admin >/dev/null; then mariadb-admin -uroot shutdown 2>/dev/null && say "stopped mariadb" || true; fi
fi
say "$STACK stack stopped"
