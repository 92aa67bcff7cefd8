#!/usr/bin/env bash
# Throughput and p99 of the waiting queue through the gateway, beside a bare gateway route and raw Redis.
#
#   bench/queue-gateway.sh                      build if needed, start everything, measure, print a table, stop
#   DURATION=15 CONNECTIONS=128 bench/queue-gateway.sh
#   GATEWAY_ARGS="--management.tracing.enabled=false" bench/queue-gateway.sh   extra gateway arguments (QUEUE_ARGS too)
#   GATEWAY_ARGS="--gateway.edge-status=false" bench/queue-gateway.sh   status polls proxied to queue-service instead
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=..." bench/queue-gateway.sh   extra JVM options for the gateway and
#                                               queue-service (a profile; the figures then include its cost)
#   QUEUE_INSTANCES=2 bench/queue-gateway.sh    two queue-service instances behind the gateway (the second on
#                                               QUEUE_PORT + 2): 1 vs 2 instances on the same cores (docs/capacity.md)
#
# Starts its own queue-service, gateway (java -jar from target/), a trivial upstream and a bench identity provider
# (bench/bench-issuer.java: RS256 access tokens as identity-service signs them, for made-up accounts, verified by the
# real code) on ports 1918x, uses the machine's Redis in database BENCH_REDIS_DB (default 3) under a key prefix of its own and deletes those keys at
# the end. Kafka is not needed (queue-service's listener stays off). There is no catalog (the upstream is trivial), so
# the one waiting room every token is for is made through queue-service's admin API (PUT /admin/rooms/<id>, open
# now) under a made-up schedule id; the ACTIVE route measured is that schedule's seat map. Traffic goes to
# 127.0.0.1 only; every measurement is bounded (WARMUP + DURATION seconds). Not part of the test suite.
source "$(dirname "$0")/../scripts/lib.sh"
find_jdk

DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
# C2 keeps compiling for tens of seconds on 2 shared cores; a short warm-up measures the JIT as much as the code
JIT_WARMUP="${JIT_WARMUP:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
TOKENS="${TOKENS:-1000}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DB="${BENCH_REDIS_DB:-3}"
UPSTREAM_PORT="${UPSTREAM_PORT:-19189}"
ISSUER_PORT="${ISSUER_PORT:-19188}"
ISSUE_ACCOUNTS="${ISSUE_ACCOUNTS:-20000}"
QUEUE_PORT="${QUEUE_PORT:-19181}"
QUEUE_INSTANCES="${QUEUE_INSTANCES:-1}"
[[ "$QUEUE_INSTANCES" == 1 || "$QUEUE_INSTANCES" == 2 ]] || die "QUEUE_INSTANCES is 1 or 2"
QUEUE2_PORT=$((QUEUE_PORT + 2))
QUEUE_URLS="http://127.0.0.1:$QUEUE_PORT"
[[ "$QUEUE_INSTANCES" == 2 ]] && QUEUE_URLS="$QUEUE_URLS,http://127.0.0.1:$QUEUE2_PORT"
GATEWAY_PORT="${GATEWAY_PORT:-19180}"
RUN_ID="$(date +%s)-$$"
PREFIX="{bench-$RUN_ID}:"
SECRET="bench-secret-bench-secret-bench-secret-$RUN_ID"
ADMIN_KEY="bench-admin-key-$RUN_ID"
ROOM_ID="$(cat /proc/sys/kernel/random/uuid)"
WORK="$(mktemp -d /tmp/queue-gateway-bench.XXXXXX)"
BENCH_LOG="$LOG_DIR/bench"
mkdir -p "$BENCH_LOG"
JAVA_OPTS=(-Xms256m -Xmx512m -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-})
PIDS=()

redis() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" "$@"; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if command -v redis-cli >/dev/null; then
    redis --scan --pattern "$PREFIX*" | xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" del >/dev/null
    # the rooms' keys: {bench-<run>:room:<id>}:...
    redis --scan --pattern "{bench-$RUN_ID:room:*" | xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" del >/dev/null
    redis --scan --pattern "request_rate_limiter.*" | xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" del >/dev/null
    redis del "key:__rand_int__" >/dev/null # redis-benchmark's own GET/SET key
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- prerequisites -------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  say "installing wrk"
  [[ "$(id -u)" == 0 ]] || die "wrk is missing: apt-get install -y wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
command -v redis-benchmark >/dev/null || die "redis-benchmark is missing (apt-get install -y redis-tools)"
redis ping >/dev/null 2>&1 || die "no Redis at $REDIS_HOST:$REDIS_PORT (scripts/infra-up.sh)"
# the apps' management ports (actuator) are their ports + 1000, the upstream's too (the gateway probes it there)
for p in "$UPSTREAM_PORT" "$ISSUER_PORT" "$QUEUE_PORT" "$GATEWAY_PORT" $((UPSTREAM_PORT + 1000)) $((QUEUE_PORT + 1000)) \
         $((GATEWAY_PORT + 1000)) $([[ "$QUEUE_INSTANCES" == 2 ]] && echo "$QUEUE2_PORT $((QUEUE2_PORT + 1000))"); do
  port_open 127.0.0.1 "$p" && die "port $p is taken"
done

jar_of() { ls "$ROOT/$1"/target/"$1"-*.jar 2>/dev/null | grep -v -E 'plain|sources|original' | head -1; }
if [[ -z "$(jar_of queue-service)" || -z "$(jar_of gateway)" ]]; then
  say "building queue-service and gateway"
  (cd "$ROOT" && flock /tmp/concert-mvn.lock ./mvnw -B -q -pl queue-service,gateway -am install -DskipTests) \
    || die "build failed"
fi

# ---- start -----------------------------------------------------------------------------------------------------
# run copies: a build in the same tree (other work on the machine) must not replace a jar under a running JVM
cp "$(jar_of queue-service)" "$WORK/queue-service.jar"
cp "$(jar_of gateway)" "$WORK/gateway.jar"
say "starting the trivial upstream on :$UPSTREAM_PORT"
"$JAVA_HOME/bin/java" -Xmx128m -Dsun.net.httpserver.nodelay=true "$ROOT/bench/queue-gateway-upstream.java" "$UPSTREAM_PORT" \
  > "$BENCH_LOG/upstream.log" 2>&1 &
PIDS+=($!)
say "starting the bench identity provider on :$ISSUER_PORT"
"$JAVA_HOME/bin/java" -Xmx128m "$ROOT/bench/bench-issuer.java" "$ISSUER_PORT" > "$BENCH_LOG/issuer.log" 2>&1 &
PIDS+=($!)

# both apps trust the bench provider by configuration, as an operator trusts any provider
COMMON_ENV=(SPRING_DATA_REDIS_HOST="$REDIS_HOST" SPRING_DATA_REDIS_PORT="$REDIS_PORT"
            SPRING_DATA_REDIS_DATABASE="$REDIS_DB" QUEUE_KEY_PREFIX="$PREFIX" QUEUE_TOKEN_SECRET="$SECRET"
            CONCERT_ACCESSTOKEN_ISSUERS_BENCH_ISSUER=http://bench-issuer.local
            CONCERT_ACCESSTOKEN_ISSUERS_BENCH_JWKSETURI="http://127.0.0.1:$ISSUER_PORT/jwks"
            CONCERT_ACCESSTOKEN_ISSUERS_BENCH_SUBJECTISACCOUNTID=true)
start_queue_service() { # port log-name
  say "starting queue-service on :$1"
  # the ACTIVE route is measured minutes after admission: the places must not go back unclaimed in between
  env "${COMMON_ENV[@]}" PORT="$1" MANAGEMENT_PORT=$(($1 + 1000)) ADMIN_KEY="$ADMIN_KEY" QUEUE_ACTIVE_CAPACITY=1000000 QUEUE_ADMISSION_BATCH_SIZE=100000 \
    QUEUE_ACTIVE_CLAIM_WINDOW=PT10M QUEUE_ADMISSION_INTERVAL=PT0.5S SPRING_KAFKA_LISTENER_AUTO_STARTUP=false LOGGING_LEVEL_ROOT=WARN \
    "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" -jar "$WORK/queue-service.jar" ${QUEUE_ARGS:-} > "$BENCH_LOG/$2.log" 2>&1 &
  PIDS+=($!)
}
start_queue_service "$QUEUE_PORT" queue-service
say "starting gateway on :$GATEWAY_PORT"
env "${COMMON_ENV[@]}" PORT="$GATEWAY_PORT" MANAGEMENT_PORT=$((GATEWAY_PORT + 1000)) QUEUE_SERVICE_URLS="$QUEUE_URLS" \
  CONCERT_SERVICE_URLS="http://127.0.0.1:$UPSTREAM_PORT" WALLET_SERVICE_URLS="http://127.0.0.1:$UPSTREAM_PORT" \
  RESERVATION_SERVICE_URLS="http://127.0.0.1:$UPSTREAM_PORT" \
  GATEWAY_BARE_ROUTE_URI="http://127.0.0.1:$UPSTREAM_PORT" GATEWAY_TRUSTED_PROXY_CIDRS=127.0.0.1/32 \
  GATEWAY_ISSUE_RATE_PER_SECOND=1000000 GATEWAY_ISSUE_BURST=1000000 \
  LOGGING_LEVEL_ROOT=WARN "$JAVA_HOME/bin/java" "${JAVA_OPTS[@]}" -jar "$WORK/gateway.jar" \
  --resilience4j.timelimiter.configs.default.timeout-duration=10s \
  --resilience4j.timelimiter.instances.queue-service.timeout-duration=10s ${GATEWAY_ARGS:-} \
  > "$BENCH_LOG/gateway.log" 2>&1 &
PIDS+=($!)

wait_ready() { # port label (the API port; the actuator is on its management port, + 1000)
  local i
  for ((i = 0; i < 120; i++)); do
    curl -fsS "http://127.0.0.1:$(($1 + 1000))/actuator/health/readiness" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  tail -20 "$BENCH_LOG/$2.log"; die "$2 not ready (log $BENCH_LOG/$2.log)"
}
wait_for_port 127.0.0.1 "$UPSTREAM_PORT" 60 upstream
wait_for_port 127.0.0.1 "$ISSUER_PORT" 60 issuer
# after the gateway, so that PIDS keeps its order (upstream, issuer, queue-service, gateway[, queue-service-2])
[[ "$QUEUE_INSTANCES" == 2 ]] && start_queue_service "$QUEUE2_PORT" queue-service-2
wait_ready "$QUEUE_PORT" queue-service
[[ "$QUEUE_INSTANCES" == 2 ]] && wait_ready "$QUEUE2_PORT" queue-service-2
wait_ready "$GATEWAY_PORT" gateway

# ---- the waiting room: a made-up schedule's, opening now (no catalog here to announce one) ----------------------
say "making the waiting room $ROOM_ID (queue-service's admin API)"
curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$QUEUE_PORT/admin/rooms/$ROOM_ID" -H "X-Admin-Key: $ADMIN_KEY" \
  -H "Content-Type: application/json" -d "{\"opensAt\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}" \
  || die "queue-service did not make the waiting room (log $BENCH_LOG/queue-service.log)"

# ---- tokens for the polls: accounts signed in (access tokens), queue tokens issued through the gateway ----------
say "issuing $TOKENS queue tokens (room $ROOM_ID) to $TOKENS signed-in accounts"
curl -fsS "http://127.0.0.1:$ISSUER_PORT/mint?n=$TOKENS" > "$WORK/accounts.txt"
curl -fsS "http://127.0.0.1:$ISSUER_PORT/mint?n=$ISSUE_ACCOUNTS" | cut -d' ' -f2 > "$WORK/issue-accounts.txt"
python3 - "$GATEWAY_PORT" "$WORK/accounts.txt" "$WORK/tokens.txt" "$ROOM_ID" <<'PY'
import json, sys, urllib.request
port, accounts, out, room = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
body = json.dumps({"roomId": room}).encode()
with open(accounts) as a, open(out, "w") as f:
    for line in a:
        account, access = line.split()
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/queue/tokens", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + access,
                                              "Content-Type": "application/json"})
        f.write(access + " " + json.load(urllib.request.urlopen(req))["token"] + "\n")
PY
read -r first_access first_token < "$WORK/tokens.txt"
# the room opens at queue-service's next admission round (every 0.5 s), then admits everyone (capacity 1000000)
for ((i = 0; i < 60; i++)); do
  state="$(curl -fsS -H "Authorization: Bearer $first_access" -H "Queue-Token: $first_token" \
    "http://127.0.0.1:$GATEWAY_PORT/api/v1/queue/status")" || true
  [[ "$state" == *ACTIVE* ]] && break
  sleep 0.5
done
[[ "$state" == *ACTIVE* ]] || die "tokens did not become ACTIVE: $state"

# ---- wrk scripts -----------------------------------------------------------------------------------------------
# every request as one of the signed-in fans: their access token and their queue token
cat > "$WORK/tokens.lua" <<LUA
local access, queue = {}, {}
for line in io.lines("$WORK/tokens.txt") do
  local a, q = line:match("(%S+) (%S+)")
  access[#access + 1] = a
  queue[#queue + 1] = q
end
local i = 0
request = function()
  i = i + 1
  local k = (i % #access) + 1
  wrk.headers["Authorization"] = "Bearer " .. access[k]
  wrk.headers["Queue-Token"] = queue[k]
  return wrk.format("GET", wrk.path)
end
LUA
# token issue cycles through $ISSUE_ACCOUNTS accounts: an account's first request creates its token, later ones get
# the same live token back (one per account and room); the per-account limit is on the path but not what is measured
cat > "$WORK/issue.lua" <<LUA
local access = {}
for line in io.lines("$WORK/issue-accounts.txt") do access[#access + 1] = line end
local i = math.random(1, #access)
local body = '{"roomId":"$ROOM_ID"}'
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  wrk.headers["Authorization"] = "Bearer " .. access[(i % #access) + 1]
  return wrk.format("POST", "/api/v1/queue/tokens", nil, body)
end
LUA

# ---- measure ---------------------------------------------------------------------------------------------------
# Besides req/s and p99, the CPU each of our processes spent per request (from /proc): on a shared 2-core machine
# throughput moves with everyone else's load, the CPU cost of a request much less.
RESULTS="$WORK/results.tsv"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
UPSTREAM_PID="${PIDS[0]}"; QUEUE_PID="${PIDS[2]}"; GATEWAY_PID="${PIDS[3]}"; QUEUE2_PID="${PIDS[4]:-}"
# utime + stime of each pid given, summed (queue-service's column counts both instances when there are two)
ticks() { local pid sum=0; for pid in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$sum"; }
HZ="$(getconf CLK_TCK)"
measure() { # label url [lua]
  local label=$1 url=$2 lua=${3:-} args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [[ -n "$lua" ]] && args+=(-s "$lua")
  say "warming up: $label"
  wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || true
  say "measuring: $label (${DURATION}s)"
  local g0 q0 u0 g1 q1 u1
  g0="$(ticks "$GATEWAY_PID")"; q0="$(ticks "$QUEUE_PID" $QUEUE2_PID)"; u0="$(ticks "$UPSTREAM_PID")"
  wrk "${args[@]}" -d"${DURATION}s" "$url" > "$WORK/wrk.out" 2>&1 || true
  g1="$(ticks "$GATEWAY_PID")"; q1="$(ticks "$QUEUE_PID" $QUEUE2_PID)"; u1="$(ticks "$UPSTREAM_PID")"
  local rps p99 errors n
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.out")"
  p99="$(awk '$1 == "99%" {print $2}' "$WORK/wrk.out")"
  errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$WORK/wrk.out")"
  n="$(awk '/requests in/ {print $1}' "$WORK/wrk.out")"
  awk -v l="$label" -v rps="${rps:-0}" -v p99="${p99:-?}" -v e="${errors:-0}" -v n="${n:-0}" -v hz="$HZ" \
      -v g=$((g1 - g0)) -v q=$((q1 - q0)) -v u=$((u1 - u0)) 'BEGIN {
    if (n == 0) n = 1
    printf "%s\t%s\t%s\t%s\t%.0f\t%.0f\t%.0f\n", l, rps, p99, e, g * 1e6 / hz / n, q * 1e6 / hz / n, u * 1e6 / hz / n
  }' >> "$RESULTS"
}
G="http://127.0.0.1:$GATEWAY_PORT"
# The JVMs compile their hot paths for tens of seconds (longer when the machine is busy): every path is driven a
# while before anything is measured, or the first figures measure the JIT.
say "warming up every path (2 x 5 x ${JIT_WARMUP}s)"
for round in 1 2; do
  for target in "$G/diagnostics/bare/ping" "$G/diagnostics/bare/ping $WORK/tokens.lua" \
      "$G/diagnostics/service-route/ping $WORK/tokens.lua" "$G/api/v1/queue/status $WORK/tokens.lua" \
      "http://127.0.0.1:$QUEUE_PORT/api/v1/queue/status $WORK/tokens.lua" "$G/api/v1/schedules/$ROOM_ID/seats $WORK/tokens.lua" \
      "$G/api/v1/users/me/wallet $WORK/tokens.lua" \
      "$G/api/v1/queue/tokens $WORK/issue.lua"; do
    read -r url lua <<<"$target"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${JIT_WARMUP}s" ${lua:+-s "$lua"} "$url" >/dev/null 2>&1 || true
  done
done
measure "upstream direct (no gateway)" "http://127.0.0.1:$UPSTREAM_PORT/ping"
# the two figures the target compares, measured twice in turn: the better run of each counts
for round in 1 2; do
  measure "gateway bare route #$round" "$G/diagnostics/bare/ping"
  measure "status poll via gateway (token-checked) #$round" "$G/api/v1/queue/status" "$WORK/tokens.lua"
done
measure "status poll direct to queue-service" "http://127.0.0.1:$QUEUE_PORT/api/v1/queue/status" "$WORK/tokens.lua"
measure "access-token route via gateway (JWT only)" "$G/api/v1/users/me/wallet" "$WORK/tokens.lua"
# the room's seat map: ACTIVE in the token's room (the listing, /api/v1/concerts, needs the access token alone now)
measure "ACTIVE route via gateway (JWT+queue token+touch)" "$G/api/v1/schedules/$ROOM_ID/seats" "$WORK/tokens.lua"
# floors for the token routes: the same request (its two tokens are ~1 KB of headers) on the bare route, then on a
# service route (lb://, healthy instances, retry, breaker with bulkhead and time limiter) that checks no token
measure "floor: bare route + token headers" "$G/diagnostics/bare/ping" "$WORK/tokens.lua"
measure "floor: service route (lb+breaker), no headers" "$G/diagnostics/service-route/ping"
measure "floor: service route + token headers" "$G/diagnostics/service-route/ping" "$WORK/tokens.lua"
measure "token issue via gateway (rate-limited route)" "$G/api/v1/queue/tokens" "$WORK/issue.lua"

say "redis-benchmark (${CONNECTIONS} clients)"
TOUCH="$(cat "$ROOT/gateway/src/main/resources/redis/touch-active.lua")"
# the ACTIVE set of the bench room, as the gateway touches it (RoomKeys.prefix)
ROOM_ACTIVE="{bench-$RUN_ID:room:$ROOM_ID}:active"
redis zadd "$ROOM_ACTIVE" "$(date +%s%3N)" bench-token >/dev/null
csv_rows() { # label prefix: turns redis-benchmark --csv rows (test,rps,avg,min,p50,p95,p99,max) into result rows
  # counted from the end: the test name of a custom command (a Lua script) has commas of its own
  tr -d '"' | awk -F, -v label="$1" -v named="$2" 'NR > 1 && $(NF-6) + 0 > 0 {
    printf "%s%s\t%s\t%sms\t0\n", label, (named ? $1 : ""), $(NF-6), $(NF-1) }'
}
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" --dbnum "$REDIS_DB" -c "$CONNECTIONS" -n 200000 -t get,set --csv \
  2>/dev/null | csv_rows "redis-benchmark " 1 >> "$RESULTS"
TOUCH_SHA="$(redis script load "$TOUCH")"
redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" --dbnum "$REDIS_DB" -c "$CONNECTIONS" -n 200000 --csv \
  EVALSHA "$TOUCH_SHA" 1 "$ROOM_ACTIVE" bench-token "$(date +%s%3N)" 600000 20000 2>/dev/null \
  | csv_rows "redis-benchmark EVALSHA touch-active.lua" 0 >> "$RESULTS"

# ---- report ----------------------------------------------------------------------------------------------------
echo
echo "queue-service instances behind the gateway: $QUEUE_INSTANCES"
printf '%-50s %9s %10s %8s   %s\n' "scenario (wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s)" "req/s" "p99" "non-2xx" \
  "CPU us/request: gateway + queue-service + upstream"
printf '%-50s %9s %10s %8s   %s\n' "--------------------------------------------------" "---------" "----------" \
  "--------" "--------------------------------------------------"
while IFS=$'\t' read -r label rps p99 errors g q u; do
  if [[ -n "$g" ]]; then cpu="$(printf '%5s + %5s + %5s = %5s' "$g" "$q" "$u" $((g + q + u)))"; else cpu=""; fi
  printf '%-50s %9.0f %10s %8s   %s\n' "$label" "$rps" "$p99" "$errors" "$cpu"
done < "$RESULTS"
best() { awk -F'\t' -v p="$1" 'index($1, p) == 1 && $2 > b {b = $2; c = $5 + $6 + $7} END {print b, c}' "$RESULTS"; }
read -r bare bare_cpu <<<"$(best "gateway bare route")"
read -r poll poll_cpu <<<"$(best "status poll via gateway (token-checked)")"
read -r jwt jwt_cpu <<<"$(best "access-token route via gateway")"
read -r active active_cpu <<<"$(best "ACTIVE route via gateway")"
echo
awk -v a="$poll" -v b="$bare" -v ac="$poll_cpu" -v bc="$bare_cpu" 'BEGIN {
  printf "token-checked status poll = %.0f%% of the bare gateway route by throughput (target >= 60%%)\n", 100 * a / b
  printf "                            %.0f%% by CPU per request of our processes (%s us vs %s us)\n", 100 * bc / ac, ac, bc
}'
awk -v j="$jwt" -v a="$active" -v b="$bare" -v jc="$jwt_cpu" -v ac="$active_cpu" -v bc="$bare_cpu" 'BEGIN {
  printf "access-token route (JWT check) = %.0f%% of the bare route by throughput; %s us vs %s us CPU per request\n", 100 * j / b, jc, bc
  printf "ACTIVE route (JWT + queue token + Redis touch) = %.0f%% of the bare route (target >= 75%%); %s us CPU\n", 100 * a / b, ac
}'
read -r hdr hdr_cpu <<<"$(best "floor: bare route + token headers")"
read -r svc svc_cpu <<<"$(best "floor: service route (lb+breaker)")"
read -r svch svch_cpu <<<"$(best "floor: service route + token headers")"
# where the ACTIVE route's cost goes: carrying the tokens' bytes, the service route's machinery, the token checks
awk -v a="$active" -v ac="$active_cpu" -v b="$bare" -v bc="$bare_cpu" -v h="$hdr" -v hc="$hdr_cpu" -v s="$svc" \
    -v sc="$svc_cpu" -v sh="$svch" -v shc="$svch_cpu" 'BEGIN {
  printf "ACTIVE route against the floors by throughput: bare route %.0f%%, bare route with the same headers %.0f%%,\n", 100 * a / b, 100 * a / h
  printf "  service route without a token check %.0f%%, the same with the same headers %.0f%%\n", 100 * a / s, 100 * a / sh
  printf "CPU per request: bare %s, + the token headers %s, service route with them %s, ACTIVE route %s us\n", bc, hc, shc, ac
}'
echo "load average before / after the measurements: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) (2 cores:" \
  "other work on the machine skews every figure)"
