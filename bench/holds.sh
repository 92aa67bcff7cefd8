#!/usr/bin/env bash
# Seat-hold benchmark (not part of the tests; see docs/benchmarks.md). Starts reservation-service from its jar against
# a scratch database (reservation_bench), seeds inventory by SQL, then measures holds/s and p50/p99 through HTTP with
# contention (many users, 50 seats) and without (every request a different seat), beside the same conditional
# UPDATE sent straight to the database over JDBC. Traffic goes to 127.0.0.1 only; stops what it started.
#
# Needs MariaDB/MySQL on 127.0.0.1:3306. HTTP load: wrk (apt-get install -y wrk) when installed, else a Java client
# (which needs more CPU itself, so its figures are lower). Bounded by BENCH_TIMEOUT seconds (default 420).
# BENCH_KAFKA=off (default) points the service at a closed port with topic creation off, so its SeatHeld events stay in
# the scratch database's outbox instead of flooding the shared reservation.events topic that other test suites
# consume; BENCH_KAFKA=on publishes them to the broker on 127.0.0.1:9092 (relay cost included).
#   bench/holds.sh
#   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 BENCH_WARMUP_SECONDS=45 bench/holds.sh
#   BENCH_SERVICE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/holds.jfr,settings=profile" bench/holds.sh
source "$(dirname "$0")/../scripts/lib.sh"
find_jdk

PORT="${BENCH_PORT:-18083}"
DB="${BENCH_DB:-reservation_bench}"
TIMEOUT="${BENCH_TIMEOUT:-420}"
SECONDS_PER_RUN="${BENCH_SECONDS:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
LOG="$LOG_DIR/bench-reservation-service.log"
WORK="$RUN_DIR/bench"
mkdir -p "$WORK"

port_open 127.0.0.1 3306 || die "MariaDB/MySQL is not listening on 127.0.0.1:3306 (scripts/infra-up.sh)"
port_open 127.0.0.1 "$PORT" && die "port $PORT is in use; set BENCH_PORT"
ISSUER_PORT="${BENCH_ISSUER_PORT:-18099}"
port_open 127.0.0.1 "$ISSUER_PORT" && die "port $ISSUER_PORT is in use; set BENCH_ISSUER_PORT"
KAFKA_ARGS=(--spring.kafka.bootstrap-servers=127.0.0.1:9 --spring.kafka.admin.auto-create=false)
if [[ "${BENCH_KAFKA:-off}" == "on" ]]; then
  port_open 127.0.0.1 9092 || die "Kafka is not listening on 127.0.0.1:9092 (scripts/infra-up.sh)"
  KAFKA_ARGS=(--spring.kafka.bootstrap-servers=127.0.0.1:9092)
fi

cd "$ROOT"
say "building reservation-service (offline, under the shared Maven lock)"
flock /tmp/concert-mvn.lock ./mvnw -B -q -o -pl reservation-service -am install -DskipTests
flock /tmp/concert-mvn.lock ./mvnw -B -q -o -pl reservation-service dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
CP="reservation-service/target/test-classes:$(cat "$WORK/classpath.txt")"
JAR="$(ls reservation-service/target/reservation-service-*.jar | grep -v original | head -1)"
bench_java() { timeout "$TIMEOUT" java -Xmx512m -cp "$CP" -Dbench.database="$DB" -Dbench.port="$PORT" \
  -Dbench.issuer="http://127.0.0.1:$ISSUER_PORT" \
  -Dbench.connections="${BENCH_JDBC_CONNECTIONS:-20}" -Dbench.clients="$CONNECTIONS" "$@"; }

APP_PID=""
ISSUER_PID=""
stop_app() {
  local pid
  for pid in "$APP_PID" "$ISSUER_PID"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap stop_app EXIT

# the benchmark's identity provider: every hold is made by a signed-in account whose token the service verifies
java -Xmx768m bench/bench-issuer.java "$ISSUER_PORT" > "$LOG_DIR/bench-issuer.log" 2>&1 &
ISSUER_PID=$!
wait_for_port 127.0.0.1 "$ISSUER_PORT" 60 bench-issuer

say "resetting database $DB"
bench_java dev.concert.reservation.bench.HoldBench reset

say "starting $JAR on 127.0.0.1:$PORT (log: $LOG)"
RESERVATION_DB_URL="jdbc:mysql://127.0.0.1:3306/$DB?createDatabaseIfNotExist=true&connectionTimeZone=UTC" \
  java -Xmx512m ${BENCH_SERVICE_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --server.address=127.0.0.1 "${KAFKA_ARGS[@]}" \
    --management.server.port="$((PORT + 1000))" --management.server.address=127.0.0.1 \
    --concert.access-token.issuers.bench.issuer=http://bench-issuer.local \
    --concert.access-token.issuers.bench.jwk-set-uri="http://127.0.0.1:$ISSUER_PORT/jwks" \
    --concert.access-token.issuers.bench.subject-is-account-id=true \
    --spring.kafka.consumer.group-id=reservation-bench --spring.kafka.consumer.auto-offset-reset=latest \
    --logging.level.root=WARN --logging.level.org.apache.kafka=ERROR >"$LOG" 2>&1 &
APP_PID=$!
ready=""
for ((i = 0; i < 240; i++)); do
  if curl -fs "http://127.0.0.1:$((PORT + 1000))/actuator/health/readiness" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$APP_PID" 2>/dev/null || die "reservation-service exited during start-up; see $LOG"
  sleep 0.5
done
[[ -n "$ready" ]] || die "reservation-service not ready after 120 s; see $LOG"

if ! command -v wrk >/dev/null 2>&1; then
  say "wrk not installed: HTTP load from the Java client (bounded by ${TIMEOUT}s)"
  bench_java dev.concert.reservation.bench.HoldBench run
  exit 0
fi

say "signing in accounts (one per request; minted by the bench issuer, not timed)"
curl -fsS "http://127.0.0.1:$ISSUER_PORT/mint?n=${BENCH_ACCOUNTS:-80000}" | cut -d' ' -f2 > "$WORK/tokens.txt"
say "seeding inventory"
bench_java dev.concert.reservation.bench.HoldBench seed 50 "$WORK/hot.txt"
bench_java dev.concert.reservation.bench.HoldBench seed 20000 "$WORK/warm.txt"
bench_java dev.concert.reservation.bench.HoldBench seed 50 "$WORK/warm-hot.txt"
bench_java dev.concert.reservation.bench.HoldBench seed 60000 "$WORK/open.txt"

# Besides req/s and p99, the CPU reservation-service and MariaDB spent per request (utime + stime from /proc): on a
# shared 2-core machine throughput moves with everyone else's load, the CPU cost of a request much less.
# (a process gone meanwhile counts 0)
ticks() { local pid sum=0 t; for pid in "$@"; do t="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null)"; sum=$((sum + ${t:-0})); done; echo "$sum"; }
HZ="$(getconf CLK_TCK)"
# the database the benchmark uses: the process listening on 3306, not every MariaDB on the host (test containers)
DB_PIDS="$(ss -Hltnp 'sport = :3306' 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u | tr '\n' ' ')"
# wrk: 2 threads, $CONNECTIONS connections, fixed duration; prints "RESULT requests=.. won=.. taken=.. ... cpu=.. dbcpu=.."
load() { # seats-file mode seconds
  local a0 d0 a1 d1 result
  a0="$(ticks "$APP_PID")"; d0="$(ticks $DB_PIDS)"
  result="$(SEATS_FILE="$1" MODE="$2" TOKENS_FILE="$WORK/tokens.txt" THREADS=2 timeout $(($3 + 30)) wrk -t2 -c"$CONNECTIONS" -d"$3"s --timeout 10s \
    -s bench/holds.lua "http://127.0.0.1:$PORT" | grep '^RESULT')"
  a1="$(ticks "$APP_PID")"; d1="$(ticks $DB_PIDS)"
  awk -v r="$result" -v a=$((a1 - a0)) -v d=$((d1 - d0)) -v hz="$HZ" 'BEGIN {
    n = r; sub(/.* requests=/, "", n); sub(/ .*/, "", n); n += 0
    printf "%s cpu=%.0f dbcpu=%.0f\n", r, n ? a * 1e6 / hz / n : 0, n ? d * 1e6 / hz / n : 0 }'
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
row() { # name RESULT-line
  printf '%-56s %8s %6s %6s %5s %8s %8s %8s %9s\n' "$1" "$(field requests "$2")" "$(field won "$2")" \
    "$(field taken "$2")" "$(( $(field other "$2") + $(field errors "$2") ))" "$(field rps "$2")" \
    "$(field p50 "$2")" "$(field p99 "$2")" "$(field cpu "$2") + $(field dbcpu "$2")"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
# C2 was still compiling for seconds in every 10 s of the measured phases after 10 + 10 s of warm-up (JFR's
# jdk.Compilation events): a third of a core, so the figures moved with how far the JIT had got
WARMUP="${BENCH_WARMUP_SECONDS:-30}"
say "warming up the JIT ($WARMUP s uncontended, $WARMUP s contended, on seats of their own)"
load "$WORK/warm.txt" cycle "$WARMUP" >/dev/null
load "$WORK/warm-hot.txt" random "$WARMUP" >/dev/null
say "contended: fresh users on 50 seats for ${SECONDS_PER_RUN}s"
HOT="$(load "$WORK/hot.txt" random "$SECONDS_PER_RUN")"
say "uncontended: fresh users, a different seat each, for ${SECONDS_PER_RUN}s"
OPEN="$(load "$WORK/open.txt" cycle "$SECONDS_PER_RUN")"
say "raw conditional UPDATE over JDBC"
SQL="$(bench_java -Dbench.contended.attempts=20000 -Dbench.open.holds=20000 dev.concert.reservation.bench.HoldBench sql)"

echo
printf '%-56s %8s %6s %6s %5s %8s %8s %8s %9s\n' scenario requests won taken err req/s "p50 ms" "p99 ms" \
  "CPU us/request: service + MariaDB"
row "HTTP POST /reservations, contended: 50 seats" "$HOT"
row "HTTP POST /reservations, uncontended" "$OPEN"
grep -v '^invariant' <<<"$SQL"
echo "(HTTP: wrk 2 threads x $CONNECTIONS connections, ${SECONDS_PER_RUN}s each; SQL: ${BENCH_JDBC_CONNECTIONS:-20} JDBC connections, autocommit)"
echo "(reservation-service: java -Xmx512m ${BENCH_SERVICE_JAVA_OPTS:+$BENCH_SERVICE_JAVA_OPTS }-jar, G1, C2; load average before the run: $LOAD_BEFORE)"
grep '^invariant' <<<"$SQL"
