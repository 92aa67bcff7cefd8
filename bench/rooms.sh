#!/usr/bin/env bash
# Waiting rooms on one Redis node (not part of the tests; see docs/capacity.md): joins into a room's pre-queue beside
# the bare script call, Redis memory per fan, the opening step for all of them beside a script of as many ZADDs, and
# an admission round over many rooms. Uses a scratch Redis database (2) of the Redis on 127.0.0.1:6379 and removes
# its keys. Run it on an idle machine.
#   bench/rooms.sh
#   BENCH_FANS=200000 BENCH_THREADS=32 BENCH_ROOMS=2000 bench/rooms.sh
source "$(dirname "$0")/../scripts/lib.sh"
find_jdk

port_open 127.0.0.1 6379 || die "Redis is not listening on 127.0.0.1:6379 (scripts/infra-up.sh)"
CP_FILE="$RUN_DIR/rooms-bench-classpath.txt"
mkdir -p "$RUN_DIR"
cd "$ROOT"
say "building queue-service and its test classes (under the shared Maven lock)"
flock /tmp/mvn.lock ./mvnw -B -q -pl queue-service -am install -DskipTests
flock /tmp/mvn.lock ./mvnw -B -q -pl queue-service test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="$ROOT/queue-service/target/test-classes:$ROOT/queue-service/target/classes:$(cat "$CP_FILE")"
say "measuring (fans ${BENCH_FANS:-100000}, threads ${BENCH_THREADS:-16}, rooms ${BENCH_ROOMS:-1000})"
"$JAVA_HOME/bin/java" -Xmx1g -Dbench.fans="${BENCH_FANS:-100000}" -Dbench.threads="${BENCH_THREADS:-16}" \
  -Dbench.rooms="${BENCH_ROOMS:-1000}" -cp "$CP" dev.concert.queue.bench.RoomsBench 2>&1 | grep -v "^WARNING"
