#!/usr/bin/env bash
# Zipkin, the trace backend every app reports its spans to: the server's exec jar from Maven Central, in-memory
# storage, started next to the broker by stack-up.sh and stopped by stack-down.sh.
#   scripts/zipkin.sh start|stop|restart|status   ZIPKIN_PORT (9411; a stack moves it by its port offset)
#   scripts/zipkin.sh jar                          fetches the jar (once, into .local/zipkin) and prints its path
# ZIPKIN_ENDPOINT set to another server's /api/v2/spans: that one is used and nothing is started here.
# The UI and the query API are at http://127.0.0.1:<port>/zipkin/ and /api/v2/...; spans are kept in memory only
# (ZIPKIN_MAX_SPANS of them, the oldest traces go first), so a restart forgets them.
source "$(dirname "$0")/lib.sh"

ZIPKIN_VERSION="${ZIPKIN_VERSION:-3.6.1}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
ZIPKIN_DIR="$LOCAL_DIR/zipkin"
JAR="$ZIPKIN_DIR/zipkin-server-$ZIPKIN_VERSION-exec.jar"
if [[ "$ZIPKIN_PORT" == 9411 ]]; then PID_FILE="$RUN_DIR/zipkin.pid"; else PID_FILE="$RUN_DIR/zipkin-$ZIPKIN_PORT.pid"; fi
OWN_ENDPOINT="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"

external() { [[ -n "${ZIPKIN_ENDPOINT:-}" && "$ZIPKIN_ENDPOINT" != "$OWN_ENDPOINT" ]]; }

jar() {
  if [[ ! -f "$JAR" ]]; then
    find_jdk
    mkdir -p "$ZIPKIN_DIR"
    say "fetching the Zipkin server $ZIPKIN_VERSION (io.zipkin:zipkin-server:exec, Maven Central) into $ZIPKIN_DIR" >&2
    # -N: the root project alone, not once per module
    (cd "$ROOT" && mvnw -q -N dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
        -DoutputDirectory="$ZIPKIN_DIR" > "$LOG_DIR/zipkin-fetch.log" 2>&1) \
      || { tail -20 "$LOG_DIR/zipkin-fetch.log" >&2; die "fetching the Zipkin server failed (log $LOG_DIR/zipkin-fetch.log)"; }
  fi
  echo "$JAR"
}

start() {
  if external; then say "using the Zipkin server at $ZIPKIN_ENDPOINT"; return; fi
  if port_open 127.0.0.1 "$ZIPKIN_PORT"; then say "zipkin up at http://127.0.0.1:$ZIPKIN_PORT"; return; fi
  find_jdk
  local jar_path; jar_path="$(jar)"
  local log="$LOG_DIR/$(basename "$PID_FILE" .pid).log"
  say "starting Zipkin (in-memory) at http://127.0.0.1:$ZIPKIN_PORT, log $log"
  # small and cheap to start: a stack of 11 JVMs shares two cores with it. The apps do not wait for it (their
  # reporter buffers and drops when it is away), so neither does this script.
  # On the loopback only, like the broker (the whole port entry: a list is replaced, not merged). At most
  # ZIPKIN_MAX_SPANS spans in memory, which bounds its heap.
  nohup "$JAVA_HOME/bin/java" -Xms32m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k \
    -jar "$jar_path" "--armeria.ports[0].port=$ZIPKIN_PORT" "--armeria.ports[0].ip=127.0.0.1" \
    "--armeria.ports[0].protocols[0]=http" "--zipkin.storage.mem.max-spans=${ZIPKIN_MAX_SPANS:-50000}" \
    > "$log" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
}

stop() {
  if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    local pid; pid="$(cat "$PID_FILE")"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    say "zipkin stopped (127.0.0.1:$ZIPKIN_PORT)"
  fi
  rm -f "$PID_FILE"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  jar) jar ;;
  status) if port_open 127.0.0.1 "$ZIPKIN_PORT"; then echo "zipkin: up"; else echo "zipkin: down"; exit 1; fi ;;
  *) die "usage: scripts/zipkin.sh start|stop|restart|status|jar" ;;
esac
