#!/usr/bin/env bash
# Builds and starts the whole local stack: MariaDB, Redis, Kafka, the five services, identity-service and the
# gateway, with demo data (demo accounts fan1@example.com / concert-demo-1 ... fan3 / concert-demo-3).
#   scripts/stack-up.sh                 one instance of each service, gateway at http://localhost:8080
#   then: TOKEN=$(scripts/sign-in.sh fan1@example.com concert-demo-1)   an access token, through the gateway
#   INSTANCES=2 scripts/stack-up.sh     two instances of each service behind the gateway (second one at port +100);
#                                       identity-service always runs once (its login session lives in one instance)
#   SKIP_BUILD=1 scripts/stack-up.sh    start what target/ already holds
#   STACK=e2e scripts/stack-up.sh       a second, isolated stack: ports +10000, its own Kafka broker (19092),
#                                       its own databases (*_e2e) and Redis database 2 (used by the end-to-end tests)
#                                       PORT_OFFSET=<n> moves every port by n (identity-service: 8086+n; the tokens'
#                                       issuer is then http://localhost:<8080+n>/auth: sign in through exactly that)
#   STACK_ENV="K=V K2=V2"               extra environment for every app (e.g. a short hold time)
#                                       every app reports its spans to Zipkin (scripts/zipkin.sh) at 9411 + the port
#                                       offset (ZIPKIN_ENDPOINT: another one; STACK_ENV=ZIPKIN_ENABLED=false: none
#                                       sent); TRACING_SAMPLING_PROBABILITY (0.1) in STACK_ENV or the environment
#   BACK_OFFICE_NICE=10                 run the back office (reservation-, wallet-, payment-service) at this
#                                       nice level, so the front door (gateway, queue-, concert-, identity-service) gets
#                                       the CPU first on a shared machine (docs/design.md, "Load shedding"; 0: equal)
#   APP_JAVA_OPTS="..."                 the apps' JVM options (default: quick start, C1 only, SerialGC)
#   STACK=e2e scripts/stack-up.sh --restart reservation-service-2
#                                       start one app of a running stack again, exactly as it was started
# Each app's actuator (readiness, Prometheus, parked records) answers on its port + 1000 only (MANAGEMENT_PORT), e.g.
# http://127.0.0.1:9083/actuator/health/readiness for reservation-service at 8083; .local/run/<stack>/<label>.port
# and <label>.management-port name both.
# Logs: .local/logs/<stack>/<app>[-<n>].log. Stop with scripts/stack-down.sh (same STACK).
source "$(dirname "$0")/lib.sh"
find_jdk
STACK="${STACK:-local}"
INSTANCES="${INSTANCES:-1}"
PROFILE="${SPRING_PROFILES_ACTIVE:-local}"
if [[ "$STACK" == local ]]; then OFFSET="${PORT_OFFSET:-0}"; else OFFSET="${PORT_OFFSET:-10000}"; fi
export KAFKA_PORT=$((9092 + OFFSET))
KAFKA="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}"
REDIS_DB="${REDIS_DATABASE:-$([[ "$STACK" == local ]] && echo 0 || echo 2)}"
STACK_RUN="$RUN_DIR/$STACK"; STACK_LOG="$LOG_DIR/$STACK"
mkdir -p "$STACK_RUN" "$STACK_LOG"

# An app runs from the command line start_app saved in <label>.cmd, so a restart runs exactly what the start ran.
launch() { # label
  nohup bash "$STACK_RUN/$1.cmd" >> "$STACK_LOG/$1.log" 2>&1 &
  echo $! > "$STACK_RUN/$1.pid"
}

# Every app's actuator (readiness, metrics, parked records) is on its management port: its API port + 1000
# (MANAGEMENT_PORT; the gateway's instance probes assume the same offset), never on the API port.
MANAGEMENT_OFFSET=1000

wait_ready() { # label port (the API port)
  local label=$1 port=$2 pid i
  pid="$(cat "$STACK_RUN/$label.pid")"
  for ((i = 0; i < 240; i++)); do
    curl -fsS "http://127.0.0.1:$((port + MANAGEMENT_OFFSET))/actuator/health/readiness" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -30 "$STACK_LOG/$label.log"; die "$label exited during start-up (log $STACK_LOG/$label.log)"; }
    sleep 1
  done
  die "$label not ready after 240 s (log $STACK_LOG/$label.log)"
}

# --restart <label>: one app of this (running) stack again, after a crash or a kill -9 (the load and fault run)
if [[ "${1:-}" == --restart ]]; then
  label="${2:?usage: STACK=<name> scripts/stack-up.sh --restart <label>}"
  [[ -f "$STACK_RUN/$label.cmd" ]] || die "the $STACK stack did not start $label"
  pid="$(cat "$STACK_RUN/$label.pid" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 75); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  port="$(cat "$STACK_RUN/$label.port")"
  port_open 127.0.0.1 "$port" && die "port $port is taken"
  port_open 127.0.0.1 "$((port + MANAGEMENT_OFFSET))" && die "port $((port + MANAGEMENT_OFFSET)) is taken"
  say "restarting $label on :$port"
  launch "$label"
  wait_ready "$label" "$port"
  say "$label ready"
  exit 0
fi
# stack-down.sh reads it: a stack started with PORT_OFFSET stops its own broker, never another stack's
echo "$OFFSET" > "$STACK_RUN/offset"

KAFKA_BOOTSTRAP_SERVERS="$KAFKA" SKIP_KAFKA=1 "$ROOT/scripts/infra-up.sh"

# A non-local stack starts from nothing each time (FRESH=0 keeps its data): its databases, Redis database and broker.
if [[ "$STACK" != local && "${FRESH:-1}" == 1 ]]; then
  say "wiping the $STACK stack's databases, Redis database $REDIS_DB and Kafka data"
  for db in concert reservation wallet payment identity; do
    mysql_client -h "${DB_HOST:-127.0.0.1}" -P "${DB_PORT:-3306}" -u "${DB_USER:-root}" ${DB_PASSWORD:+-p"$DB_PASSWORD"} \
      -e "DROP DATABASE IF EXISTS ${db}_$STACK; CREATE DATABASE ${db}_$STACK"
  done
  redis-cli -h "${REDIS_HOST:-127.0.0.1}" -p "${REDIS_PORT:-6379}" -n "$REDIS_DB" flushdb >/dev/null
  KAFKA_PORT=$KAFKA_PORT "$ROOT/scripts/kafka.sh" stop >/dev/null
  rm -rf "$LOCAL_DIR/kafka-$KAFKA_PORT"
fi
# Each service connects as its own database user (lib.sh; infra-up.sh made them with rights on <service>_db): on a
# stack of its own, rights on that stack's databases (<service>_<stack>) as well.
if [[ "$STACK" != local ]]; then
  grant_service_databases "$STACK" || die "cannot grant the service users their $STACK databases"
fi
KAFKA_BOOTSTRAP_SERVERS="$KAFKA" "$ROOT/scripts/kafka.sh" start
# the trace backend (scripts/zipkin.sh): not waited for, the apps' reporters buffer until it answers
ZIPKIN_PORT=$((9411 + OFFSET)) "$ROOT/scripts/zipkin.sh" start

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  say "building (mvnw install -DskipTests), log $STACK_LOG/build.log"
  (cd "$ROOT" && mvnw -q install -DskipTests > "$STACK_LOG/build.log" 2>&1) || { tail -40 "$STACK_LOG/build.log"; die "build failed"; }
fi

jar_of() { ls "$ROOT/$1"/target/"$1"-*.jar 2>/dev/null | grep -v -E 'plain|sources|original' | head -1; }
db_url() { # database base name
  local db=$1; [[ "$STACK" != local ]] && db="${db%_db}_$STACK"
  echo "jdbc:mysql://${DB_HOST:-127.0.0.1}:${DB_PORT:-3306}/$db?createDatabaseIfNotExist=true"
}
GATEWAY_PORT=$((8080 + OFFSET))
IDENTITY_PORT=$((8086 + OFFSET))
# Access tokens: identity-service signs them with issuer = the public address of /auth through this stack's gateway
# (host localhost, as clients must use it); the gateway and every service trust that issuer and fetch its keys from
# identity-service directly.
COMMON_ENV=(SPRING_PROFILES_ACTIVE="$PROFILE" KAFKA_BOOTSTRAP_SERVERS="$KAFKA" SPRING_DATA_REDIS_DATABASE="$REDIS_DB"
            CONCERT_DB_URL="$(db_url concert_db)" RESERVATION_DB_URL="$(db_url reservation_db)"
            WALLET_DB_URL="$(db_url wallet_db)" PAYMENT_DB_URL="$(db_url payment_db)"
            IDENTITY_DB_URL="$(db_url identity_db)"
            IDENTITY_ISSUER="http://localhost:$GATEWAY_PORT/auth"
            IDENTITY_JWK_SET_URI="http://127.0.0.1:$IDENTITY_PORT/auth/oauth2/jwks"
            RESERVATION_SERVICE_URL="http://127.0.0.1:$((8083 + OFFSET))" WALLET_SERVICE_URL="http://127.0.0.1:$((8084 + OFFSET))"
            ZIPKIN_ENABLED=true ZIPKIN_ENDPOINT="${ZIPKIN_ENDPOINT:-http://127.0.0.1:$((9411 + OFFSET))/api/v2/spans}")
read -r -a EXTRA_ENV <<<"${STACK_ENV:-}"

start_app() { # name port label
  local name=$1 port=$2 label=$3; shift 3
  local jar; jar="$(jar_of "$name")"
  [[ -n "$jar" ]] || die "no jar for $name: build first"
  port_open 127.0.0.1 "$port" && die "port $port is taken (is the $STACK stack already running? scripts/stack-down.sh)"
  port_open 127.0.0.1 "$((port + MANAGEMENT_OFFSET))" && die "port $((port + MANAGEMENT_OFFSET)) (management) is taken"
  # a service with a database connects as its own user, never root (queue-service and the gateway have none)
  local svc="${name%-service}" db_env=()
  if [[ " ${DB_SERVICES[*]} " == *" $svc "* ]]; then
    db_env=(DB_USER="$(service_db_user "$svc")" DB_PASSWORD="$(service_db_password "$svc")")
  fi
  # the back office yields the CPU to the front door when BACK_OFFICE_NICE is set
  local nice_level=()
  if [[ "${BACK_OFFICE_NICE:-0}" != 0 && " reservation-service wallet-service payment-service " == *" $name "* ]]; then
    nice_level=(nice -n "$BACK_OFFICE_NICE")
  fi
  { printf 'exec env'; printf ' %q' "${COMMON_ENV[@]}" "${db_env[@]}" "$@" "${EXTRA_ENV[@]}" PORT="$port" \
      MANAGEMENT_PORT="$((port + MANAGEMENT_OFFSET))" "${nice_level[@]}" "$JAVA_HOME/bin/java" \
      ${APP_JAVA_OPTS:--Xms64m -Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k} -jar "$jar"; echo; } \
    > "$STACK_RUN/$label.cmd"
  : > "$STACK_LOG/$label.log"
  launch "$label"
  echo "$port" > "$STACK_RUN/$label.port"
  echo "$((port + MANAGEMENT_OFFSET))" > "$STACK_RUN/$label.management-port"
}

urls_of() { # base port -> comma separated URLs of every instance
  local base=$1 i out=""
  for ((i = 0; i < INSTANCES; i++)); do out+="${out:+,}http://127.0.0.1:$((base + OFFSET + 100 * i))"; done
  echo "$out"
}

management_urls_of() { # base port -> comma separated management URLs of every instance
  local base=$1 i out=""
  for ((i = 0; i < INSTANCES; i++)); do out+="${out:+,}http://127.0.0.1:$((base + OFFSET + 100 * i + MANAGEMENT_OFFSET))"; done
  echo "$out"
}
# queue-service's operator console (/console on its management port) reads every service's management port and
# closes/reopens sales through concert-service's admin API
CONSOLE_ENV=(CONSOLE_QUEUE_SERVICE_URLS="$(management_urls_of 8081)" CONSOLE_CONCERT_SERVICE_URLS="$(management_urls_of 8082)"
             CONSOLE_RESERVATION_SERVICE_URLS="$(management_urls_of 8083)" CONSOLE_WALLET_SERVICE_URLS="$(management_urls_of 8084)"
             CONSOLE_PAYMENT_SERVICE_URLS="$(management_urls_of 8085)" CONSOLE_CONCERT_ADMIN_URL="http://127.0.0.1:$((8082 + OFFSET))")

for s in "queue-service 8081" "concert-service 8082" "reservation-service 8083" "wallet-service 8084" "payment-service 8085"; do
  read -r name base <<<"$s"
  for ((i = 0; i < INSTANCES; i++)); do
    label="$name"; [[ $i -gt 0 ]] && label="$name-$((i + 1))"
    port=$((base + OFFSET + 100 * i))
    say "starting $label on :$port"
    if [[ $name == queue-service ]]; then start_app "$name" "$port" "$label" "${CONSOLE_ENV[@]}"
    else start_app "$name" "$port" "$label"; fi
  done
done
# one instance whatever INSTANCES says: the login session between the authorization request and the code lives in
# the instance's servlet session (identity-service/README.md, Sessions)
say "starting identity-service on :$IDENTITY_PORT"
start_app identity-service "$IDENTITY_PORT" identity-service
say "starting gateway on :$GATEWAY_PORT"
start_app gateway "$GATEWAY_PORT" gateway \
  QUEUE_SERVICE_URLS="$(urls_of 8081)" CONCERT_SERVICE_URLS="$(urls_of 8082)" \
  RESERVATION_SERVICE_URLS="$(urls_of 8083)" WALLET_SERVICE_URLS="$(urls_of 8084)" \
  PAYMENT_SERVICE_URLS="$(urls_of 8085)" IDENTITY_SERVICE_URLS="http://127.0.0.1:$IDENTITY_PORT"

for f in "$STACK_RUN"/*.port; do
  label="$(basename "$f" .port)"
  wait_ready "$label" "$(cat "$f")"
  say "$label ready"
done
# the gateway sends requests only to instances its own readiness probe (every few seconds) has seen: wait until it
# routes to every service, so that the first request after "ready" is not answered 503
for svc in queue-service concert-service reservation-service wallet-service payment-service; do
  routed=0
  for ((t = 0; t < 60; t++)); do
    if curl -fsS "http://127.0.0.1:$GATEWAY_PORT/api-docs/$svc" >/dev/null 2>&1; then routed=1; break; fi
    sleep 1
  done
  [[ $routed == 1 ]] || die "the gateway routes to no instance of $svc after 60 s (log $STACK_LOG/gateway.log)"
done
routed=0
for ((t = 0; t < 60; t++)); do
  if curl -fsS "http://127.0.0.1:$GATEWAY_PORT/auth/.well-known/openid-configuration" >/dev/null 2>&1; then routed=1; break; fi
  sleep 1
done
[[ $routed == 1 ]] || die "the gateway does not route /auth to identity-service after 60 s (log $STACK_LOG/gateway.log)"
say "ready at http://localhost:$GATEWAY_PORT  (logs in $STACK_LOG, stop with ${STACK:+STACK=$STACK }scripts/stack-down.sh)"
say "operator console: http://127.0.0.1:$((8081 + OFFSET + MANAGEMENT_OFFSET))/console (the admin key; local stack: local-admin-key)"
if [[ -z "${ZIPKIN_ENDPOINT:-}" ]]; then say "traces at http://127.0.0.1:$((9411 + OFFSET))/zipkin/"; fi
say "an access token: scripts/sign-in.sh fan1@example.com concert-demo-1$([[ $GATEWAY_PORT != 8080 ]] && echo " http://localhost:$GATEWAY_PORT")"
