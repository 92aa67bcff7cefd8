#!/usr/bin/env bash
# One service's integration suite on the Testcontainers path (CONCERT_TEST_INFRA=containers), so that it cannot rot
# while the default test run uses the local processes: concert-service's database, Redis and Kafka are containers
# started by the tests through podman's Docker-compatible API, from the images scripts/base-images.sh builds here (no
# registry is reachable on these machines; with Docker and a registry, plain `./mvnw verify` does the same).
#
#   scripts/test-containers.sh                 concert-service
#   scripts/test-containers.sh -pl wallet-service
source "$(dirname "$0")/lib.sh"
find_jdk
"$ROOT/scripts/base-images.sh"

SOCKET="${PODMAN_SOCKET:-/run/podman/podman.sock}"
if ! curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; then
  say "starting podman's API service on $SOCKET"
  mkdir -p "$(dirname "$SOCKET")"
  mkdir -p "$LOG_DIR"
  nohup podman system service --time=0 "unix://$SOCKET" >> "$LOG_DIR/podman-service.log" 2>&1 &
  service_pid=$!
  trap 'kill "$service_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null || die "podman's API service did not answer on $SOCKET"
fi

export DOCKER_HOST="unix://$SOCKET" TESTCONTAINERS_RYUK_DISABLED=true CONCERT_TEST_INFRA=containers
export CONCERT_TEST_IMAGES="${CONCERT_TEST_IMAGES:-local}"
cd "$ROOT"
modules=(-pl concert-service)
[[ $# -gt 0 ]] && modules=("$@")
say "installing what the suite depends on (no tests)"
mvnw -q install -DskipTests "${modules[@]}" -am
say "integration suite on containers: ${modules[*]}"
mvnw verify "${modules[@]}"
# the tests' containers stop with their JVM; anything left by a killed run goes too
leftover="$(podman ps -aq --filter "label=org.testcontainers=true")"
[[ -z "$leftover" ]] || podman rm -f $leftover >/dev/null
