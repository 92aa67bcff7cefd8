#!/usr/bin/env bash
# The load and fault run (not part of scripts/test.sh): an isolated stack (STACK=load, two instances of every
# service, one identity-service) started with the project's own start command, USERS virtual users through its
# gateway — each signs up and signs in (PKCE, SIGN_IN_THREADS at once) before the sale, off the run's clock; the
# summary reports that phase's duration — and faults while they run (one service's database cut, a consumer instance frozen with SIGSTOP, kill -9 of single instances, a Kafka
# broker restart). Prints progress every 5 s, then a summary (with the records parked on every instance and the
# longest PENDING payment) and the docs/design.md §6 invariants; exits non-zero if one fails or anything was parked.
# The stack is stopped at the end, whatever happened.
#
#   scripts/load-fault.sh                          2000 users, the default fault plan
#   USERS=500 SKIP_BUILD=1 scripts/load-fault.sh   fewer users, start what target/ already holds (needs one
#                                                  earlier build with install: this script or stack-up.sh)
# Knobs: USERS (2000) SCHEDULES (3: waiting rooms of 50 seats; room 1 a demo date on sale already, rooms 2.. dates
#        the driver creates through concert-service's admin API, whose sales open ROOM_OPENING_GAP_SECONDS (20) apart
#        from the users phase's start: room k at (k-1) x the gap; 0: SCHEDULES demo dates, no date created)
#        ADMIN_KEY (local-admin-key: concert-service's and queue-service's, as the stack started)
#        RAMP_SECONDS (60) DURATION (300: users phase) SETTLE_SECONDS (120)
#        PAYMENT_FOLLOW_SECONDS (90) UNDERFUND_PERCENT (10) LATE_PERCENT (10) HOLD_ATTEMPTS (3)
#        FAULTS ("10:db-cut:wallet:20,35:pause:reservation-service-1:20,60:kill:reservation-service-2,
#                 75:restart:reservation-service-2,90:kafka-restart,105:kill:wallet-service-2,
#                 120:restart:wallet-service-2"; "none" for load only; a step never runs sooner after the previous
#                 one finished than planned; steps after the last fan is done are skipped, restarts are not)
#          <s>:db-cut:<concert|reservation|wallet|payment>:<seconds>  that service's database unreachable for it
#                 alone: its connections go through a TCP proxy (e2e-tests' TcpProxy, control port 3306+PORT_OFFSET,
#                 log db-proxy.log) that resets them all and refuses new ones for <seconds>
#          <s>:pause:<app label>:<seconds>  SIGSTOP, then SIGCONT (<service>-1 is the first instance)
#          <s>:kill:<app label>, <s>:restart:<app label>, <s>:kafka-restart
#        PATIENCE_SECONDS (45) RECONCILIATION_DEADLINE (60: payment-service's PAYMENT_RECONCILIATION_DEADLINE in s,
#        checked every 5 s; the longest PENDING payment is reported, a WARN beyond it + 60 s)
#        MAX_SECONDS (600 + 0.15 s per fan for the sign-ins: hard cap from start to summary)
#        PORT_OFFSET (21000) LOAD_REDIS_DB (4)
#        QUEUE_ACTIVE_CAPACITY (200) LOAD_STACK_ENV (more K=V for every app) SKIP_BUILD (0)
#        SIGN_IN_THREADS (16) ISSUE_RATE_PER_SECOND (1) ISSUE_BURST (10: per account, see below)
#        WARM_UP_SECONDS (45: before the clock, fans browse, join the demo date's room, poll, read its seats and leave, so the JIT
#        has compiled the front door's paths when the sale starts; 0: none) WARM_UP_THREADS (32)
#        APP_JAVA_OPTS (-Xms128m -Xmx576m -XX:+UseG1GC -Xss512k: the apps as operators run them, C2 and G1)
#        BACK_OFFICE_NICE (5: reservation-, wallet-, payment-service yield the CPU to the front door; 0: equal)
# Logs: .local/logs/load/ (one per app, faults.log for the fault scripts' output).
source "$(dirname "$0")/lib.sh"
find_jdk
cd "$ROOT"

export STACK=load
# +21000: ports 29080-29185 and a broker on 30092. +10000 is the e2e stack's, and +20000 would put the second
# instances on 28183-28185, which bench/payments.sh uses.
export PORT_OFFSET="${PORT_OFFSET:-21000}"
# Redis databases: 0 local, 1 tests, 2 e2e, 3 benchmarks; stack-up.sh flushes this one
LOAD_REDIS_DB="${LOAD_REDIS_DB:-4}"
# the driver's FaultPlan.DEFAULT, here too: the db-cut steps decide which databases get a proxy before the stack starts
export FAULTS="${FAULTS:-10:db-cut:wallet:20,35:pause:reservation-service-1:20,60:kill:reservation-service-2,75:restart:reservation-service-2,90:kafka-restart,105:kill:wallet-service-2,120:restart:wallet-service-2}"
RECONCILIATION_DEADLINE="${RECONCILIATION_DEADLINE:-60}"
QUEUE_ACTIVE_CAPACITY="${QUEUE_ACTIVE_CAPACITY:-200}"
export USERS="${USERS:-2000}"
# the JVM settings operators get (C2, G1, the heap bounded as in a 768 MiB container), not stack-up.sh's quick-start
# ones (C1 only, SerialGC) that suit a development stack: the run measures what a deployment would do
export APP_JAVA_OPTS="${APP_JAVA_OPTS:--Xms128m -Xmx576m -XX:+UseG1GC -Xss512k}"
# the front door (gateway, queue-, concert-, identity-service) gets the CPU first, the back office behind admission
# waits (docs/design.md, "Load shedding"); BACK_OFFICE_NICE=0 runs everything at one priority
export BACK_OFFICE_NICE="${BACK_OFFICE_NICE:-5}"
# the sign-ups and sign-ins before the sale run at about 8-10 fans/s on a 2-core machine (sign-up + 5 requests of the
# PKCE flow each, through the gateway; 200 fans: 24 s): the cap grows by 0.15 s per fan for them
MAX_SECONDS="${MAX_SECONDS:-$((600 + USERS * 3 / 20))}"
ISSUE_RATE_PER_SECOND="${ISSUE_RATE_PER_SECOND:-1}"
ISSUE_BURST="${ISSUE_BURST:-10}"
STARTED_AT=$SECONDS
left() { echo $((MAX_SECONDS - (SECONDS - STARTED_AT))); }

# Bounded and meaningful: holds expire within the run (30 s + 2 s job period, 20 s payment grace), admission keeps
# 200 ACTIVE. DB_POOL_SIZE: 9 apps x 8 connections stay far below MariaDB's default 151, which the e2e stack and other
# engineers share.
# Identity: every fan comes from 127.0.0.1, one driver on one address, so identity-service's per-address limits are
# raised for this run alone (sign-ups: every fan, twice over for the retries; failed sign-ins: as many as fans, which
# a correct driver never comes near); bcrypt cost 4 (10 is the default) so 2,000 sign-ups and sign-ins take seconds,
# not minutes, of the machine's two cores.
# Token issue stays limited per account as in production, with a burst a fan's retries fit in: a fan asks once, then
# retries on 429/5xx/no answer after 0.25, 0.5, 1, 2, 4 s (at most ~5 tries in its first 2 s, ~1 in 4 s after that)
# and rejoins at most twice when its token expired.
STACK_SETTINGS="QUEUE_ACTIVE_CAPACITY=$QUEUE_ACTIVE_CAPACITY QUEUE_ADMISSION_INTERVAL=PT0.5S QUEUE_ADMISSION_BATCH_SIZE=100
  GATEWAY_ISSUE_RATE_PER_SECOND=$ISSUE_RATE_PER_SECOND GATEWAY_ISSUE_BURST=$ISSUE_BURST
  IDENTITY_PASSWORD_HASH_COST=4 IDENTITY_SIGNUP_PER_ADDRESS_PER_HOUR=$((USERS * 2 + 100))
  IDENTITY_SIGNIN_FAILURES_PER_ADDRESS=$((USERS + 100)) HOLD_DURATION=30s EXPIRY_INTERVAL=2s
  PAYMENT_GRACE=20s DB_POOL_SIZE=8 PAYMENT_RECONCILIATION_DEADLINE=${RECONCILIATION_DEADLINE}s
  PAYMENT_RECONCILIATION_INTERVAL=5s ${LOAD_STACK_ENV:-}"

# db-cut steps: a TCP proxy process in front of each named service's database (the services' only way to it), cut
# and restored by the driver through the proxy's control port
PROXY_PID=""
start_db_proxies() {
  local services s i port control=$((3306 + PORT_OFFSET)) dir="$RUN_DIR/load-proxy" args=()
  services="$(grep -oE 'db-cut:[a-z]+' <<<"$FAULTS" | cut -d: -f2 | sort -u || true)"
  [[ -n "$services" ]] || return 0
  mkdir -p "$dir" "$LOG_DIR/load"
  "$JAVA_HOME/bin/javac" -d "$dir" "$ROOT/e2e-tests/src/test/java/dev/concert/e2e/TcpProxy.java"
  for s in $services; do
    case "$s" in concert) i=1 ;; reservation) i=2 ;; wallet) i=3 ;; payment) i=4 ;; *) die "db-cut: no database '$s'" ;; esac
    port=$((control + i))
    port_open 127.0.0.1 "$port" && die "port $port (the $s database proxy) is taken"
    args+=("$s=$port:${DB_HOST:-127.0.0.1}:${DB_PORT:-3306}")
    STACK_SETTINGS+=" ${s^^}_DB_URL=jdbc:mysql://127.0.0.1:$port/${s}_load?createDatabaseIfNotExist=true"
  done
  nohup "$JAVA_HOME/bin/java" -Xmx64m -XX:+UseSerialGC -cp "$dir" dev.concert.e2e.TcpProxy "$control" "${args[@]}" \
    > "$LOG_DIR/load/db-proxy.log" 2>&1 &
  PROXY_PID=$!
  wait_for_port 127.0.0.1 "$control" 20 "the database proxy (log .local/logs/load/db-proxy.log)"
  say "database proxies for the db-cut steps: ${args[*]} (control port $control)"
}

SAMPLER=""; DRIVER=""
stop_stack() {
  local rc=$?
  # an interrupted run leaves neither the driver nor the CPU sampler behind
  [[ -n "$SAMPLER" ]] && kill "$SAMPLER" 2>/dev/null || true
  [[ -n "$DRIVER" ]] && kill -- "-$DRIVER" 2>/dev/null || kill "$DRIVER" 2>/dev/null || true
  say "stopping the load stack"
  STACK=load "$ROOT/scripts/stack-down.sh" || true
  [[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null || true
  exit "$rc"
}
trap stop_stack EXIT
trap 'exit 130' INT TERM

CP_FILE="$RUN_DIR/load-classpath.txt"
compile_driver() {
  say "compiling the load driver (e2e-tests test sources)"
  flock /tmp/concert-mvn.lock ./mvnw -B -q -o -pl e2e-tests test-compile
  flock /tmp/concert-mvn.lock ./mvnw -B -q -o -pl e2e-tests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.excludeTypes=pom -Dmdep.outputFile="$CP_FILE" >/dev/null
}
start_stack() {
  say "starting the load stack (INSTANCES=2, ports +$PORT_OFFSET, identity-service on :$((8086 + PORT_OFFSET)), log .local/logs/load/)"
  timeout "$(left)" env STACK=load INSTANCES=2 PORT_OFFSET="$PORT_OFFSET" REDIS_DATABASE="$LOAD_REDIS_DB" \
    SKIP_BUILD="${SKIP_BUILD:-0}" STACK_ENV="$(echo $STACK_SETTINGS)" "$ROOT/scripts/stack-up.sh" \
    || die "the load stack did not start (logs in .local/logs/load/)"
}
# with SKIP_BUILD=0 stack-up.sh builds and installs every module, which the driver's compilation needs first
start_db_proxies
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then compile_driver; start_stack; else start_stack; compile_driver; fi

say "load stack up and driver compiled after $((SECONDS - STARTED_AT)) s"
budget=$(( $(left) - 10 ))
(( budget > 120 )) || die "only ${budget}s of MAX_SECONDS=$MAX_SECONDS left after the start: raise MAX_SECONDS"
: > "$LOG_DIR/load/faults.log"
say "running the fans (budget ${budget}s)"
set +e
timeout -k 10 "$budget" env PROJECT_ROOT="$ROOT" LOAD_RUN_DIR="$RUN_DIR/load" RUN_BUDGET_SECONDS="$budget" \
  LOAD_REDIS_DB="$LOAD_REDIS_DB" QUEUE_ACTIVE_CAPACITY="$QUEUE_ACTIVE_CAPACITY" EXPIRY_INTERVAL_SECONDS=2 \
  RECONCILIATION_DEADLINE_SECONDS="$RECONCILIATION_DEADLINE" \
  "$JAVA_HOME/bin/java" -Xms256m -Xmx768m -cp "$ROOT/e2e-tests/target/test-classes:$(cat "$CP_FILE")" \
  dev.concert.e2e.load.LoadAndFaultRun &
DRIVER=$!
# where the machine's CPU went while the fans ran (every process of the stack, the driver too): the report below
# the driver's summary, the samples in .local/logs/load/cpu-samples.txt
CPU_SAMPLES="$LOG_DIR/load/cpu-samples.txt"; : > "$CPU_SAMPLES"
sleep 1
bash "$ROOT/scripts/cpu-share.sh" sample "$CPU_SAMPLES" "$RUN_DIR/load" 5 "driver=$(pgrep -P "$DRIVER" java || echo "$DRIVER")" &
SAMPLER=$!
wait "$DRIVER"
rc=$?
kill "$SAMPLER" 2>/dev/null
bash "$ROOT/scripts/cpu-share.sh" report "$CPU_SAMPLES"
set -e
[[ $rc == 124 || $rc == 137 ]] && say "the driver hit the MAX_SECONDS=$MAX_SECONDS cap"
exit "$rc"
