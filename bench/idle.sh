#!/usr/bin/env bash
# What an idle local stack costs (issue 16's "≤ 3 % of the machine"): starts scripts/stack-up.sh (the demo stack, one
# instance of each app; SKIP_BUILD=1 by default: build once first), lets it settle, then reads each process's CPU time
# from /proc/<pid>/stat over the measured window. No traffic. Prints % of one core per process and the machine's
# share (all cores), then stops the stack (and the broker and Zipkin if it started them). Run it on an idle machine.
#   bench/idle.sh
#   BENCH_SECONDS=120 STACK_ENV="PLATFORM_OUTBOX_POLLINTERVAL=100ms" bench/idle.sh    # compare one setting
#   APP_JAVA_OPTS="-Xmx576m -XX:+UseG1GC" bench/idle.sh                              # the apps as operators run them
# Knobs: BENCH_SETTLE_SECONDS (20, after "ready"), BENCH_SECONDS (60), SKIP_BUILD (1), STACK_ENV, APP_JAVA_OPTS.
source "$(dirname "$0")/../scripts/lib.sh"
find_jdk
cd "$ROOT"

SETTLE="${BENCH_SETTLE_SECONDS:-20}"
MEASURE="${BENCH_SECONDS:-60}"
port_open 127.0.0.1 8080 && die "port 8080 is taken: is the local stack running already? (scripts/stack-down.sh)"
BROKER_WAS_UP=0; port_open 127.0.0.1 9092 && BROKER_WAS_UP=1
finish() {
  bash "$ROOT/scripts/stack-down.sh" >/dev/null 2>&1 || true
  # the shared broker the tests use stays as it was found
  if [[ "$BROKER_WAS_UP" == 1 ]] && ! port_open 127.0.0.1 9092; then bash "$ROOT/scripts/kafka.sh" start >/dev/null 2>&1 || true; fi
}
trap finish EXIT

say "starting the local stack (SKIP_BUILD=${SKIP_BUILD:-1}; JVM options of the apps: ${APP_JAVA_OPTS:-the stack-up.sh default})"
SKIP_BUILD="${SKIP_BUILD:-1}" bash scripts/stack-up.sh > "$LOG_DIR/idle-bench-stack.log" 2>&1 \
  || { tail -20 "$LOG_DIR/idle-bench-stack.log"; die "the stack did not start"; }
say "ready; settling ${SETTLE}s, then measuring ${MEASURE}s"
sleep "$SETTLE"

declare -A PIDS=()
for f in "$RUN_DIR"/local/*.pid; do PIDS["$(basename "$f" .pid)"]="$(cat "$f")"; done
[[ -f "$RUN_DIR/kafka.pid" ]] && PIDS[kafka-broker]="$(cat "$RUN_DIR/kafka.pid")"
[[ -f "$RUN_DIR/zipkin.pid" ]] && PIDS[zipkin]="$(cat "$RUN_DIR/zipkin.pid")"
DB_PID="$(pgrep -x mariadbd || pgrep -x mysqld || true)"; [[ -n "$DB_PID" ]] && PIDS[mariadb]="${DB_PID%%$'\n'*}"
REDIS_PID="$(pgrep -x redis-server || true)"; [[ -n "$REDIS_PID" ]] && PIDS[redis]="${REDIS_PID%%$'\n'*}"

ticks() { # pid -> utime + stime (clock ticks), 0 if gone
  local stat; stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  stat="${stat##*) }"; read -r -a f <<<"$stat"; echo $((f[11] + f[12]))
}
declare -A BEFORE=()
for name in "${!PIDS[@]}"; do BEFORE[$name]="$(ticks "${PIDS[$name]}")"; done
T0=$(date +%s%N); sleep "$MEASURE"; T1=$(date +%s%N)
HZ="$(getconf CLK_TCK)"; CORES="$(nproc)"
ELAPSED_MS=$(((T1 - T0) / 1000000))

echo
echo "idle local stack, $(date -u +%F), ${MEASURE}s after ${SETTLE}s of settling, $CORES cores"
printf '| %-22s | %14s |\n' "process" "% of one core"
printf '|%s|%s|\n' "------------------------" "---------------:"
declare -A USED=()
SUM_MS=0
for name in "${!PIDS[@]}"; do
  after="$(ticks "${PIDS[$name]}")"
  USED[$name]=$(( (after - BEFORE[$name]) * 1000 / HZ ))   # ms of CPU in the window
  SUM_MS=$((SUM_MS + USED[$name]))
done
for name in "${!USED[@]}"; do echo "${USED[$name]} $name"; done | sort -rn | while read -r used name; do
  printf '| %-22s | %14s |\n' "$name" "$(awk -v u="$used" -v e="$ELAPSED_MS" 'BEGIN {printf "%.2f", 100 * u / e}')"
done
printf '| %-22s | %14s |\n' "the machine" "$(awk -v u="$SUM_MS" -v e="$ELAPSED_MS" -v c="$CORES" \
  'BEGIN {printf "%.1f %% of %d cores", 100 * u / e / c, c}')"
