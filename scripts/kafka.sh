#!/usr/bin/env bash
# A real Apache Kafka broker (KRaft, one node) from Maven Central jars: scripts/kafka.sh start|stop|status.
# Data lives under .local/kafka; set KAFKA_BOOTSTRAP_SERVERS to use another broker (then this does nothing).
source "$(dirname "$0")/lib.sh"

# KAFKA_PORT runs a second, separate broker (the end-to-end stack uses its own, so it never mixes with yours).
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT=$((KAFKA_PORT + 1))
if [[ "$KAFKA_PORT" == 9092 ]]; then KAFKA_DIR="$LOCAL_DIR/kafka"; PID_FILE="$RUN_DIR/kafka.pid"
else KAFKA_DIR="$LOCAL_DIR/kafka-$KAFKA_PORT"; PID_FILE="$RUN_DIR/kafka-$KAFKA_PORT.pid"; fi
LIB_DIR="$ROOT/infra/target/kafka-lib"
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$KAFKA_PORT}"

external() { [[ "$BOOTSTRAP" != "127.0.0.1:$KAFKA_PORT" && "$BOOTSTRAP" != "localhost:$KAFKA_PORT" ]]; }

start() {
  if external; then say "using the Kafka broker at $BOOTSTRAP"; return; fi
  if port_open 127.0.0.1 "$KAFKA_PORT"; then say "kafka up at 127.0.0.1:$KAFKA_PORT"; return; fi
  find_jdk
  if [[ ! -d "$LIB_DIR" ]] || ! ls "$LIB_DIR"/kafka_2.13-*.jar >/dev/null 2>&1; then
    say "fetching the Kafka broker jars (infra module)"
    mvnw -q -pl infra package
  fi
  mkdir -p "$KAFKA_DIR/data"
  cat > "$KAFKA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=6
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=48
# KRaft appends a no-op record to the metadata log this often when nothing changes (500 ms by default): idle CPU
metadata.max.idle.interval.ms=5000
PROPS
  local cp="$LIB_DIR/*"
  local jvm=(-Xms256m -Xmx512m -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
             -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaServer=info -Dorg.slf4j.simpleLogger.log.kafka.Kafka=info)
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    local id; id="$("$JAVA_HOME/bin/java" -cp "$cp" "${jvm[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
    "$JAVA_HOME/bin/java" -cp "$cp" "${jvm[@]}" kafka.tools.StorageTool format -t "$id" \
      -c "$KAFKA_DIR/server.properties" > "$LOG_DIR/kafka-format.log" 2>&1 \
      || die "formatting Kafka storage failed: see $LOG_DIR/kafka-format.log"
  fi
  local log="$LOG_DIR/$(basename "$PID_FILE" .pid).log"
  say "starting Kafka (KRaft) at 127.0.0.1:$KAFKA_PORT, log $log"
  nohup "$JAVA_HOME/bin/java" -cp "$cp" "${jvm[@]}" kafka.Kafka "$KAFKA_DIR/server.properties" > "$log" 2>&1 &
  echo $! > "$PID_FILE"
  wait_for_port 127.0.0.1 "$KAFKA_PORT" 60 "Kafka"
  say "kafka up at 127.0.0.1:$KAFKA_PORT"
}

stop() {
  if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    local pid; pid="$(cat "$PID_FILE")"
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    say "kafka stopped (127.0.0.1:$KAFKA_PORT)"
  fi
  rm -f "$PID_FILE"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if port_open 127.0.0.1 "$KAFKA_PORT"; then echo "kafka: up"; else echo "kafka: down"; exit 1; fi ;;
  *) die "usage: scripts/kafka.sh start|stop|restart|status" ;;
esac
