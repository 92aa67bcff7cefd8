#!/usr/bin/env bash
# docker compose, run for real: infra/compose/docker-compose.yml under podman-compose with the images made here
# (scripts/base-images.sh: MariaDB, Redis, Kafka, Prometheus; scripts/images.sh --offline: the apps on the Java base),
# then a user's journey through the published gateway port, the invariants read in the database, and everything
# brought down again with nothing left behind (containers, volumes, network).
#   scripts/compose-check.sh          COMPOSE_CHECK_PORT (28080) publishes the gateway; KEEP=1 leaves the stack up
#                                     (then: podman-compose -p concertcheck -f infra/compose/docker-compose.yml down -v)
# podman runs no health checks here (they need systemd) and podman-compose 1.0.3 ignores depends_on conditions, so
# this starts the data stores first, then the apps, and polls every readiness endpoint itself (inside each
# container, on its management port). Logs: .local/logs/compose-check/.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/containers-lib.sh"

PROJECT="${COMPOSE_CHECK_PROJECT:-concertcheck}"
PORT="${COMPOSE_CHECK_PORT:-28080}"
FILE="$ROOT/infra/compose/docker-compose.yml"
LOGS="$LOG_DIR/compose-check"
GATEWAY="http://localhost:$PORT"
APPS=(queue-service concert-service reservation-service wallet-service payment-service identity-service gateway)
declare -A MGMT=([gateway]=9080 [queue-service]=9081 [concert-service]=9082 [reservation-service]=9083
                 [wallet-service]=9084 [payment-service]=9085 [identity-service]=9086)
rm -rf "$LOGS"; mkdir -p "$LOGS"
t0=$SECONDS
exec 4>&2 # the terminal's stderr, also from inside the polls (whose own output goes to $LOGS/polls.log)
step() { say "[$((SECONDS - t0)) s] $*"; }
fail() { printf '\033[31m[concert] compose check FAILED: %s\033[0m\n' "$*" >&4; exit 1; }

ensure_podman
port_open 127.0.0.1 "$PORT" && die "port $PORT is taken: set COMPOSE_CHECK_PORT"

# the images: the data stores (cached: seconds when nothing changed), the apps when missing
"$ROOT/scripts/base-images.sh" mariadb redis kafka prometheus zipkin
for app in "${APPS[@]}"; do
  if ! podman image exists "concert/$app:0.1.0-SNAPSHOT"; then "$ROOT/scripts/images.sh" --offline; break; fi
done

export MYSQL_IMAGE="$MARIADB_IMAGE" REDIS_IMAGE="$REDIS_LOCAL_IMAGE" KAFKA_IMAGE="$KAFKA_LOCAL_IMAGE"
export PROMETHEUS_IMAGE="$PROMETHEUS_LOCAL_IMAGE" ZIPKIN_IMAGE="$ZIPKIN_LOCAL_IMAGE" GATEWAY_PORT="$PORT" IDENTITY_ISSUER="$GATEWAY/auth"
export SPRING_PROFILES_ACTIVE=default
# seven JVMs start at once on this machine's two cores: the C1 compiler only, a small heap (as stack-up.sh does)
export APP_JAVA_OPTS="${COMPOSE_CHECK_JAVA_OPTS:--XX:MaxRAMPercentage=75 -Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
export QUEUE_TOKEN_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
export ADMIN_KEY="$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')"
export MYSQL_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '\n/+=')"

compose() { podman-compose -p "$PROJECT" -f "$FILE" "$@" >> "$LOGS/podman-compose.log" 2>&1; }
ctr() { echo "${PROJECT}_$1_1"; }
leftovers() {
  {
    podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT" | sed 's/^/container /'
    podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" | sed 's/^/volume /'
    podman network ls -q --filter "label=io.podman.compose.project=$PROJECT" | sed 's/^/network /'
    podman pod ls -q --filter "name=$PROJECT" | sed 's/^/pod /'
  } 2>/dev/null
}
down() {
  # all at once (podman-compose stops them one after the other), then compose's own down
  local ids; ids="$(podman ps -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null || true)"
  [[ -z "$ids" ]] || podman stop -t 5 $ids > /dev/null 2>&1 || true
  compose down -v || true
  # podman-compose 1.0.3 leaves the network it made (and, after a failed start, may leave containers)
  local c
  for c in $(podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null); do podman rm -f -v "$c" > /dev/null 2>&1 || true; done
  for c in $(podman volume ls -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null); do podman volume rm -f "$c" > /dev/null 2>&1 || true; done
  for c in $(podman network ls -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null); do podman network rm -f "$c" > /dev/null 2>&1 || true; done
}
save_logs() {
  local c
  for c in $(podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null); do
    podman logs "$c" > "$LOGS/$c.log" 2>&1 || true
  done
}
finish() {
  local status=$?
  trap - EXIT
  save_logs
  if [[ $status != 0 ]]; then
    podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}} {{.Status}}' 2>/dev/null | sed 's/^/  /' >&2 || true
  fi
  if [[ "${KEEP:-0}" == 1 ]]; then
    say "left running (KEEP=1): gateway $GATEWAY; down: podman-compose -p $PROJECT -f $FILE down -v"
    exit $status
  fi
  step "down"
  down
  local left; left="$(leftovers)"
  if [[ -n "$left" ]]; then
    echo "$left" | sed 's/^/  left behind: /' >&2
    status=1
  elif port_open 127.0.0.1 "$PORT"; then
    echo "  port $PORT still open" >&2; status=1
  else
    step "down: no container, volume, network or pod of $PROJECT left; port $PORT closed"
  fi
  [[ $status == 0 ]] && say "compose check passed in $((SECONDS - t0)) s" || say "compose check failed (logs: $LOGS)"
  exit $status
}

# from a clean state: whatever an interrupted earlier run left
[[ -z "$(leftovers)" ]] || { step "removing what an earlier run left"; down; }
trap finish EXIT

# --- up: the data stores, then the apps (podman-compose runs them all at once otherwise) ---
step "up: mysql, redis, kafka, prometheus, zipkin ($MYSQL_IMAGE, $REDIS_IMAGE, $KAFKA_IMAGE, $PROMETHEUS_IMAGE, $ZIPKIN_IMAGE)"
compose up -d mysql redis kafka prometheus zipkin || fail "podman-compose up of the data stores failed (log $LOGS/podman-compose.log)"

running() { [[ "$(podman inspect --format '{{.State.Status}}' "$(ctr "$1")" 2>/dev/null)" == running ]]; }
wait_for() { # label seconds command...
  local label=$1 secs=$2 deadline=$((SECONDS + $2)); shift 2
  until "$@" >> "$LOGS/polls.log" 2>&1; do
    ((SECONDS < deadline)) || fail "$label not ready after $secs s"
    sleep 1
  done
}
service_up() { # service command...: fails at once when the container has exited
  local svc=$1; shift
  running "$svc" || { podman logs --tail 30 "$(ctr "$svc")" >&4 2>&1 || true; fail "$svc is not running"; }
  podman exec "$(ctr "$svc")" "$@"
}
wait_for mysql 180 service_up mysql mysqladmin ping -h 127.0.0.1 -uroot "-p$MYSQL_ROOT_PASSWORD" --silent
wait_for redis 60 service_up redis redis-cli ping
wait_for kafka 120 service_up kafka kafka-broker-api-versions.sh --bootstrap-server localhost:9092
wait_for zipkin 60 service_up zipkin curl -fsS http://localhost:9411/health
step "data stores ready"

step "up: ${APPS[*]}"
compose up -d || fail "podman-compose up failed (log $LOGS/podman-compose.log)"
for app in "${APPS[@]}"; do
  wait_for "$app" 300 service_up "$app" curl -fsS "http://localhost:${MGMT[$app]}/actuator/health/readiness"
  step "$app ready (its image answers its readiness probe on :${MGMT[$app]})"
done
# readiness is the app's own state only; the journey needs every store reachable from the apps by its name on the
# compose network: the whole health (database, Redis) answers 200 only when it is, and identity-service, whose health
# leaves its Redis out (its limits fail open), is asked to connect to Redis by name itself (a CI run once met its
# first Redis connection timing out for ~10 s right after a fresh podman setup, and sign-up answered 504)
for app in "${APPS[@]}"; do
  wait_for "$app's data stores" 120 service_up "$app" curl -fsS "http://localhost:${MGMT[$app]}/actuator/health"
done
wait_for "identity-service's Redis" 120 service_up identity-service bash -c 'exec 3<>/dev/tcp/redis/6379'
step "every app reaches its data stores (/actuator/health UP; identity-service connects to redis:6379)"
# the gateway routes only to instances its own probe has seen
for svc in queue-service concert-service reservation-service wallet-service payment-service; do
  wait_for "the gateway's route to $svc" 60 curl -fsS "$GATEWAY/api-docs/$svc"
done
wait_for "the gateway's route to identity-service" 60 curl -fsS "$GATEWAY/auth/.well-known/openid-configuration"
step "the gateway routes to every service at $GATEWAY"

# --- the journey, through the published gateway port ---
BODY="$LOGS/body.json"
STATUS=""
call() { # method path [json body] [header...]
  local method=$1 path=$2 data=${3:-}; shift 3 || shift $#
  local args=(-sS -o "$BODY" -w '%{http_code}' -X "$method" "$GATEWAY$path" -H "Accept: application/json")
  [[ -n "$data" ]] && args+=(-H "Content-Type: application/json" -d "$data")
  local h; for h in "$@"; do args+=(-H "$h"); done
  STATUS="$(curl "${args[@]}")" || STATUS=000
  echo "$method $path -> $STATUS $(head -c 400 "$BODY")" >> "$LOGS/journey.log"
}
expect() { # statuses...: the last call answered one of them
  local s; for s in "$@"; do [[ "$STATUS" == "$s" ]] && return 0; done
  fail "expected HTTP $* but got $STATUS: $(head -c 300 "$BODY")"
}
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$BODY" "$1"; }

email="compose-check-$(date +%s)-$RANDOM@example.com"
password="compose-check-$RANDOM-$RANDOM"
call POST /api/v1/accounts "{\"email\":\"$email\",\"password\":\"$password\"}"; expect 201
user_id="$(json 'd["id"]')"
access="$(bash "$ROOT/scripts/sign-in.sh" "$email" "$password" "$GATEWAY" 2>>"$LOGS/journey.log")" \
  || fail "sign-in failed: $(tail -1 "$LOGS/journey.log")"
AUTH="Authorization: Bearer $access"
step "signed up and signed in (PKCE) as $email"

# a concert and a date, made by an operator through concert-service's admin API (not routed: inside the network)
admin() { # path json
  podman exec "$(ctr concert-service)" curl -sS -f -X POST "http://localhost:8082$1" -H "X-Admin-Key: $ADMIN_KEY" \
    -H "Content-Type: application/json" -d "$2" > "$BODY" || fail "admin API $1 refused: $(cat "$BODY")"
}
admin /admin/v1/concerts '{"title":"Compose Check Live","venue":"Podman Hall"}'
concert_id="$(json 'd["concertId"]')"
admin "/admin/v1/concerts/$concert_id/schedules" "{\"startsAt\":\"$(date -u -d '+30 days' +%Y-%m-%dT20:00:00Z)\"}"
schedule_id="$(json 'd["scheduleId"]')"
step "concert $concert_id with schedule $schedule_id (admin API)"

# browsing needs the access token alone (no queue token): the date picked is the waiting room the fan joins
call GET /api/v1/concerts "" "$AUTH"; expect 200
json "[c for c in (d if isinstance(d, list) else d['concerts']) if c['concertId'] == '$concert_id'][0]['title']" > /dev/null \
  || fail "the new concert is not listed"
call GET "/api/v1/concerts/$concert_id/schedules" "" "$AUTH"; expect 200
room_id="$(json "[s for s in (d if isinstance(d, list) else d['schedules']) if s['scheduleId'] == '$schedule_id'][0]['scheduleId']")" \
  || fail "the new schedule is not listed"
step "concert and schedule listed with the access token alone"

# a place in that date's waiting room (its id is the schedule's); queue-service makes the room when it reads
# ScheduleOpened from Kafka, so 404 ROOM_NOT_FOUND until then
token_issued() { call POST /api/v1/queue/tokens "{\"roomId\":\"$room_id\"}" "$AUTH"; [[ "$STATUS" == 201 ]]; }
wait_for "a queue token for the waiting room of $room_id" 60 token_issued
[[ "$(json 'd["roomId"]')" == "$room_id" ]] || fail "the queue token is for another room: $(cat "$BODY")"
QUEUE="Queue-Token: $(json 'd["token"]')"
# PRE_QUEUE (before the room's opening) and WAITING are both a wait
queue_active() { call GET /api/v1/queue/status "" "$AUTH" "$QUEUE"; [[ "$STATUS" == 200 && "$(json 'd["status"]')" == ACTIVE ]]; }
wait_for "an ACTIVE queue token" 90 queue_active
step "queue token ACTIVE in the waiting room of $room_id"
# the seats exist once reservation-service has read ScheduleOpened from Kafka
seats_listed() {
  call GET "/api/v1/schedules/$schedule_id/seats" "" "$AUTH" "$QUEUE"
  [[ "$STATUS" == 200 ]] && [[ "$(json "len([s for s in d['seats'] if s['status'] == 'AVAILABLE'])")" -gt 0 ]]
}
wait_for "the schedule's seats" 60 seats_listed
seat_id="$(json "[s for s in d['seats'] if s['status'] == 'AVAILABLE'][0]['seatId']")"
step "$(json "len(d['seats'])") seats of $schedule_id listed through the gateway (an ACTIVE route of its room)"

call POST /api/v1/reservations "{\"scheduleId\":\"$schedule_id\",\"seatId\":\"$seat_id\"}" "$AUTH" "$QUEUE"; expect 201
[[ "$(json 'd["status"]')" == HELD ]] || fail "the hold is not HELD: $(cat "$BODY")"
reservation_id="$(json 'd["reservationId"]')"
price="$(json 'd["price"]')"
step "seat $seat_id HELD (reservation $reservation_id, price $price)"

call POST /api/v1/users/me/wallet/charges "{\"amount\":$price}" "$AUTH" "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)"
expect 200 201
call GET /api/v1/users/me/wallet "" "$AUTH"; expect 200
[[ "$(json 'd["balance"]')" == "$price" ]] || fail "balance after the charge: $(cat "$BODY")"
step "wallet charged $price"

# a sampled trace of the client's own (the gateway continues it): its spans are looked up in Zipkin below
trace_id="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
call POST /api/v1/payments "{\"reservationId\":\"$reservation_id\"}" "$AUTH" "$QUEUE" \
  "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" "traceparent: 00-$trace_id-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')-01"
expect 200 201 202
payment_id="$(json 'd["paymentId"]')"
payment_final() { call GET "/api/v1/payments/$payment_id" "" "$AUTH"; [[ "$STATUS" == 200 && "$(json 'd["status"]')" != PENDING ]]; }
wait_for "the payment's final state" 60 payment_final
[[ "$(json 'd["status"]')" == COMPLETED ]] || fail "payment $payment_id ended $(cat "$BODY")"
confirmed() { call GET "/api/v1/reservations/$reservation_id" "" "$AUTH"; [[ "$STATUS" == 200 && "$(json 'd["status"]')" == CONFIRMED ]]; }
wait_for "the reservation's confirmation" 30 confirmed
call GET /api/v1/users/me/wallet "" "$AUTH"; expect 200
[[ "$(json 'd["balance"]')" == 0 ]] || fail "balance after the payment: $(cat "$BODY")"
step "payment $payment_id COMPLETED, reservation CONFIRMED, balance 0 (through the gateway)"

# --- the invariants, read in the database (each service's own schema) ---
sql() { # database query: rows, tab-separated
  podman exec -e "MYSQL_PWD=$MYSQL_ROOT_PASSWORD" "$(ctr mysql)" mysql -uroot -N -B "$1" -e "$2"
}
check() { # label expected database query
  local got; got="$(sql "$3" "$4")" || fail "query for '$1' failed"
  [[ "$got" == "$2" ]] || fail "$1: expected '${2:-no rows}', got '$got'"
  echo "  ok: $1" | tee -a "$LOGS/invariants.log"
}
check "the payment is COMPLETED, the user's" "COMPLETED	$user_id" payment_db \
  "SELECT status, user_id FROM payment WHERE payment_id = '$payment_id'"
check "the seat is BOOKED by the reservation" "BOOKED	$reservation_id" reservation_db \
  "SELECT status, reservation_id FROM seat WHERE id = '$seat_id'"
check "the reservation is CONFIRMED" "CONFIRMED" reservation_db \
  "SELECT status FROM reservation WHERE id = '$reservation_id'"
check "the wallet's balance is 0 after charge $price and debit $price" "0	$price	$price" wallet_db \
  "SELECT w.balance, (SELECT SUM(amount) FROM wallet_ledger WHERE user_id = w.user_id AND kind = 'CHARGE'),
          (SELECT SUM(amount) FROM wallet_ledger WHERE user_id = w.user_id AND kind = 'DEBIT')
   FROM wallet w WHERE w.user_id = '$user_id'"
check "a seat is held or booked by at most one reservation" "" reservation_db \
  "SELECT seat_id FROM reservation WHERE status IN ('HELD', 'CONFIRMED') GROUP BY seat_id HAVING COUNT(*) > 1"
check "a booked seat belongs to its confirmed reservation" "" reservation_db \
  "SELECT s.id FROM seat s LEFT JOIN reservation r ON r.id = s.reservation_id
   WHERE s.status = 'BOOKED' AND (r.id IS NULL OR r.status <> 'CONFIRMED' OR r.seat_id <> s.id)"
check "the wallet ledger explains every balance" "" wallet_db \
  "SELECT w.user_id FROM wallet w LEFT JOIN wallet_ledger l ON l.user_id = w.user_id GROUP BY w.user_id, w.balance
   HAVING w.balance <> COALESCE(SUM(CASE l.kind WHEN 'CHARGE' THEN l.amount WHEN 'REFUND' THEN l.amount
                                               WHEN 'DEBIT' THEN -l.amount END), 0)"
check "charged = balances + completed payments" "1" wallet_db \
  "SELECT (SELECT COALESCE(SUM(amount), 0) FROM wallet_ledger WHERE kind = 'CHARGE')
          = (SELECT COALESCE(SUM(balance), 0) FROM wallet)
          + (SELECT COALESCE(SUM(amount), 0) FROM payment_db.payment WHERE status = 'COMPLETED')"
check "no DEBIT without a CONFIRMED reservation or a REFUND" "" wallet_db \
  "SELECT d.payment_id FROM wallet_ledger d LEFT JOIN reservation_db.reservation r ON r.id = d.reservation_id
   WHERE d.kind = 'DEBIT'
   AND NOT COALESCE(r.status = 'CONFIRMED' AND (r.payment_id IS NULL OR r.payment_id = d.payment_id), FALSE)
   AND NOT EXISTS (SELECT 1 FROM wallet_ledger f WHERE f.payment_id = d.payment_id AND f.kind = 'REFUND')"
step "invariants hold in the database"

# --- Prometheus scrapes every app's management port ---
targets_up() {
  podman exec "$(ctr prometheus)" wget -q -O - http://localhost:9090/api/v1/targets > "$BODY" \
    && [[ "$(json "len([t for t in d['data']['activeTargets'] if t['health'] == 'up'])")" == "${#APPS[@]}" ]]
}
wait_for "Prometheus scraping all ${#APPS[@]} apps" 60 targets_up
step "Prometheus scrapes all ${#APPS[@]} apps (/actuator/prometheus on the management ports)"

# --- Zipkin holds the payment's trace: the gateway and the services that act on it, across the outbox and Kafka ---
# (concert-service skips the payment's events unread, and a consumer observes only the records it applies)
SAGA_APPS=(gateway queue-service reservation-service wallet-service payment-service)
trace_complete() {
  podman exec "$(ctr zipkin)" curl -fsS "http://localhost:9411/api/v2/trace/$trace_id" > "$BODY" \
    && [[ "$(json "len(set('${SAGA_APPS[*]}'.split()) - {s['localEndpoint']['serviceName'] for s in d})")" == 0 ]]
}
wait_for "the payment's trace in Zipkin with spans of ${SAGA_APPS[*]}" 60 trace_complete
step "Zipkin: trace $trace_id has $(json "len(d)") spans of ${#SAGA_APPS[@]} apps (${SAGA_APPS[*]})"
