#!/usr/bin/env bash
# Payments benchmark: wallet-service + payment-service (java -jar) on a private Kafka broker, reservation-service
# played by a small driver (test sources of payment-service). Measures payments/s and end-to-end saga latency
# (POST /payments until COMPLETED) against the broker's own produce->consume latency measured in the same run.
# Bounded (~3-7 min, most of it the warm-up), everything on 127.0.0.1, stops what it started. See docs/benchmarks.md ("Payments saga").
#
#   bench/payments.sh                      # defaults below
#   BENCH_SECONDS=30 BENCH_CONCURRENCY=64 bench/payments.sh
# Knobs: BENCH_SECONDS (20) BENCH_WARMUP_SECONDS (at most 300: until the JIT settles) BENCH_LATENCY_SECONDS (10)
#        BENCH_CONCURRENCY (64) BENCH_USERS (64)
#        BENCH_PINGS (300) BENCH_KAFKA_PORT (19592) BENCH_WALLET_PORT (28184) BENCH_PAYMENT_PORT (28185)
#        BENCH_RESERVATION_PORT (28183) BENCH_DB_URL_PARAMS (appended to both services' JDBC URLs, e.g.
#        "&useServerPrepStmts=true" to try a driver setting)
source "$(dirname "$0")/../scripts/lib.sh"
find_jdk

SECONDS_MEASURED="${BENCH_SECONDS:-20}"
# C2 keeps compiling for minutes on 2 shared cores: the driver warms up in 10 s rounds until no service's JIT threads
# took more than 5 % of a core in the last round (jstat -compiler), at most this long, and prints the JIT's share of the
# measured phase
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-300}"
LATENCY_SECONDS="${BENCH_LATENCY_SECONDS:-10}"
CONCURRENCY="${BENCH_CONCURRENCY:-64}"
USERS="${BENCH_USERS:-64}"
PINGS="${BENCH_PINGS:-300}"
KAFKA_PORT_BENCH="${BENCH_KAFKA_PORT:-19592}"
WALLET_PORT="${BENCH_WALLET_PORT:-28184}"
PAYMENT_PORT="${BENCH_PAYMENT_PORT:-28185}"
RESERVATION_PORT="${BENCH_RESERVATION_PORT:-28183}"
DB_HOST="${DB_HOST:-127.0.0.1}"; DB_PORT="${DB_PORT:-3306}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT_BENCH"
CP_FILE="$RUN_DIR/payments-bench-classpath.txt"

port_open "$DB_HOST" "$DB_PORT" || die "no MariaDB/MySQL at $DB_HOST:$DB_PORT (scripts/infra-up.sh)"
for p in "$WALLET_PORT" "$PAYMENT_PORT" "$RESERVATION_PORT"; do
  port_open 127.0.0.1 "$p" && die "port $p is taken: set BENCH_WALLET_PORT / BENCH_PAYMENT_PORT / BENCH_RESERVATION_PORT"
done

STARTED_PIDS=()
STARTED_KAFKA=0
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "$STARTED_KAFKA" == 1 ]]; then KAFKA_PORT="$KAFKA_PORT_BENCH" KAFKA_BOOTSTRAP_SERVERS= "$ROOT/scripts/kafka.sh" stop; fi
}
trap cleanup EXIT

say "building wallet-service and payment-service (offline, tests skipped)"
cd "$ROOT"
flock /tmp/concert-mvn.lock ./mvnw -B -q -o -pl wallet-service,payment-service -am install -DskipTests
flock /tmp/concert-mvn.lock ./mvnw -B -q -o -pl payment-service dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
DRIVER_CP="$ROOT/payment-service/target/test-classes:$ROOT/payment-service/target/classes:$(cat "$CP_FILE")"

# a broker of its own: the shared one carries other engineers' tests, and their events must not meet ours
if port_open 127.0.0.1 "$KAFKA_PORT_BENCH"; then
  say "reusing the broker already running at $BOOTSTRAP"
else
  KAFKA_PORT="$KAFKA_PORT_BENCH" KAFKA_BOOTSTRAP_SERVERS= "$ROOT/scripts/kafka.sh" start
  STARTED_KAFKA=1
fi

start_service() { # name port env...
  local name=$1 port=$2; shift 2
  local log="$LOG_DIR/payments-bench-$name.log"
  env "$@" PORT="$port" MANAGEMENT_PORT="$((port + 1000))" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
    nohup "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseG1GC ${BENCH_SERVICE_JAVA_OPTS:-} \
    -jar "$ROOT/$name/target/$name-0.1.0-SNAPSHOT.jar" > "$log" 2>&1 &
  STARTED_PIDS+=($!)
  SERVICE_PIDS+=("$name:$!")
  say "$name starting on 127.0.0.1:$port (log $log)"
}
SERVICE_PIDS=()

# the benchmark's identity provider: the users are signed-in accounts whose tokens both services verify
ISSUER_PORT="${BENCH_ISSUER_PORT:-18099}"
port_open 127.0.0.1 "$ISSUER_PORT" && die "port $ISSUER_PORT is in use; set BENCH_ISSUER_PORT"
nohup "$JAVA_HOME/bin/java" -Xmx128m "$ROOT/bench/bench-issuer.java" "$ISSUER_PORT" > "$LOG_DIR/bench-issuer.log" 2>&1 &
STARTED_PIDS+=($!)
wait_for_port 127.0.0.1 "$ISSUER_PORT" 60 bench-issuer

# each run starts from empty databases: the tables of earlier runs (hundreds of thousands of payments, ledger and outbox
# rows) outgrow the server's buffer pool, and the database's CPU and reads per payment then grow from run to run
say "emptying payment_bench and wallet_bench"
db_admin -e "DROP DATABASE IF EXISTS payment_bench; DROP DATABASE IF EXISTS wallet_bench" \
  || die "cannot drop the benchmark's databases payment_bench and wallet_bench as ${DB_USER:-root}"

TRUST_BENCH_ISSUER=(CONCERT_ACCESSTOKEN_ISSUERS_BENCH_ISSUER=http://bench-issuer.local
  CONCERT_ACCESSTOKEN_ISSUERS_BENCH_JWKSETURI="http://127.0.0.1:$ISSUER_PORT/jwks"
  CONCERT_ACCESSTOKEN_ISSUERS_BENCH_SUBJECTISACCOUNTID=true)

start_service wallet-service "$WALLET_PORT" "${TRUST_BENCH_ISSUER[@]}" \
  WALLET_DB_URL="jdbc:mysql://$DB_HOST:$DB_PORT/wallet_bench?createDatabaseIfNotExist=true${BENCH_DB_URL_PARAMS:-}" \
  WALLET_CONSUMER_GROUP=wallet-service-bench WALLET_MAX_CHARGE=20000000 WALLET_MAX_BALANCE=1000000000
start_service payment-service "$PAYMENT_PORT" "${TRUST_BENCH_ISSUER[@]}" \
  PAYMENT_DB_URL="jdbc:mysql://$DB_HOST:$DB_PORT/payment_bench?createDatabaseIfNotExist=true${BENCH_DB_URL_PARAMS:-}" \
  PAYMENT_CONSUMER_GROUP=payment-service-bench \
  RESERVATION_SERVICE_URL="http://127.0.0.1:$RESERVATION_PORT"

wait_healthy() { # port label (the API port; the actuator is on its management port, + 1000)
  local i
  for ((i = 0; i < 120; i++)); do
    curl -fsS "http://127.0.0.1:$(($1 + 1000))/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && return 0
    sleep 0.5
  done
  die "$2 did not become healthy on port $1 (see $LOG_DIR/payments-bench-*.log)"
}
wait_healthy "$WALLET_PORT" wallet-service
wait_healthy "$PAYMENT_PORT" payment-service
say "both services up; driving load: ${WARMUP_SECONDS}s warm-up, ${LATENCY_SECONDS}s with 1 client, ${SECONDS_MEASURED}s with $CONCURRENCY clients"

# CPU per payment is reported for these processes (the driver adds itself)
KAFKA_PID="$(pgrep -f "kafka.Kafka.*$KAFKA_PORT_BENCH|kafka-$KAFKA_PORT_BENCH" | head -1 || true)"
[[ -n "$KAFKA_PID" ]] || KAFKA_PID="$(ps -eo pid,args | awk -v p="$KAFKA_PORT_BENCH" '/kafka\.Kafka/ && $0 ~ p {print $1; exit}')"
DB_PID="$(pgrep -x mariadbd || pgrep -x mysqld || true)"
CPU_PIDS="$(IFS=,; echo "${SERVICE_PIDS[*]}"),kafka:${KAFKA_PID},mariadb:${DB_PID%%$'\n'*}"

timeout $((SECONDS_MEASURED + WARMUP_SECONDS + LATENCY_SECONDS + 120)) "$JAVA_HOME/bin/java" -Xmx512m \
  -Dlogback.configurationFile="$ROOT/bench/payments-logback.xml" -Dbench.issuer="http://127.0.0.1:$ISSUER_PORT" \
  -cp "$DRIVER_CP" \
  dev.concert.payment.bench.PaymentsBench \
  bootstrap="$BOOTSTRAP" wallet="http://127.0.0.1:$WALLET_PORT" payment="http://127.0.0.1:$PAYMENT_PORT" \
  reservation-port="$RESERVATION_PORT" seconds="$SECONDS_MEASURED" warmup-seconds="$WARMUP_SECONDS" \
  latency-seconds="$LATENCY_SECONDS" \
  concurrency="$CONCURRENCY" users="$USERS" pings="$PINGS" cpu-pids="$CPU_PIDS" \
  db="jdbc:mysql://$DB_HOST:$DB_PORT/payment_bench"
