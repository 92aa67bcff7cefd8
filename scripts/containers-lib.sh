#!/usr/bin/env bash
# Shared by the container scripts (base-images.sh, images.sh, compose-check.sh): podman, set up the way it runs on
# these machines. Source it after lib.sh, don't run it.
#   ensure_podman        installs podman, runc, podman-compose, debootstrap, netavark and aardvark-dns from the OS
#                        packages where missing (as root), and uses infra/containers/containers.conf
#   podman_socket_start  podman's Docker-compatible API on a unix socket (for Docker clients, Testcontainers):
#                        prints the DOCKER_HOST value; podman_socket_stop ends the service this script started
# Names of the locally built images (scripts/base-images.sh builds them; docker-compose.yml takes them through
# MYSQL_IMAGE, REDIS_IMAGE, KAFKA_IMAGE, PROMETHEUS_IMAGE, ZIPKIN_IMAGE):
JRE_IMAGE=localhost/concert/jre:21
STORES_IMAGE=localhost/concert/stores-base:bookworm # the Debian root of the next two
MARIADB_IMAGE=localhost/concert/mariadb:local
REDIS_LOCAL_IMAGE=localhost/concert/redis:local
KAFKA_LOCAL_IMAGE=localhost/concert/kafka:local
PROMETHEUS_LOCAL_IMAGE=localhost/concert/prometheus:local
ZIPKIN_LOCAL_IMAGE=localhost/concert/zipkin:local

# The settings these machines need (runc, cgroupfs, no default ulimits, logs in files): the project's own file.
export CONTAINERS_CONF="$ROOT/infra/containers/containers.conf"

apt_get_install() {
  [[ "$(id -u)" == 0 ]] || die "missing: $* (not root, so not installed here: 'sudo apt-get install -y $*')"
  command -v apt-get >/dev/null || die "missing: $* (and no apt-get here: install them by hand)"
  say "installing $* from the OS packages"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
      || die "apt-get install $* failed"
  fi
}

ensure_podman() {
  local need=()
  command -v podman >/dev/null || need+=(podman)
  command -v runc >/dev/null || [[ -x /usr/sbin/runc ]] || need+=(runc)
  command -v podman-compose >/dev/null || need+=(podman-compose)
  command -v debootstrap >/dev/null || [[ -x /usr/sbin/debootstrap ]] || need+=(debootstrap)
  # networks: netavark, and aardvark-dns so that compose's containers find each other by service name
  [[ -x /usr/lib/podman/netavark ]] || need+=(netavark)
  [[ -x /usr/lib/podman/aardvark-dns ]] || need+=(aardvark-dns)
  command -v iptables >/dev/null || [[ -x /usr/sbin/iptables ]] || need+=(iptables)
  command -v curl >/dev/null || need+=(curl)
  command -v python3 >/dev/null || need+=(python3)
  if ((${#need[@]})); then apt_get_install "${need[@]}"; fi
  export PATH="$PATH:/usr/sbin:/sbin"
  # also for podman commands typed by hand; an existing file is left as it is (CONTAINERS_CONF wins in the scripts)
  if [[ ! -e /etc/containers/containers.conf && -w /etc ]]; then
    install -D -m 644 "$CONTAINERS_CONF" /etc/containers/containers.conf
  fi
  podman info >/dev/null 2>"$LOG_DIR/podman-info.log" \
    || die "podman does not work here: $(tail -3 "$LOG_DIR/podman-info.log")"
}

# label value of an image, empty when the image or the label is missing
image_label() { # image label
  podman image inspect --format "{{ index .Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/<no value>//' || true
}

PODMAN_SOCKET="${PODMAN_SOCKET:-/run/podman/podman.sock}"
podman_socket_start() {
  if [[ -S "$PODMAN_SOCKET" ]] && curl -fsS --unix-socket "$PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1; then
    echo "unix://$PODMAN_SOCKET"; return
  fi
  mkdir -p "$(dirname "$PODMAN_SOCKET")"
  nohup podman system service --time=0 "unix://$PODMAN_SOCKET" > "$LOG_DIR/podman-service.log" 2>&1 &
  echo $! > "$RUN_DIR/podman-service.pid"
  local i
  for ((i = 0; i < 50; i++)); do
    curl -fsS --unix-socket "$PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1 && { echo "unix://$PODMAN_SOCKET"; return; }
    sleep 0.2
  done
  die "podman's API service did not answer at $PODMAN_SOCKET (log $LOG_DIR/podman-service.log)"
}
podman_socket_stop() {
  local pid
  pid="$(cat "$RUN_DIR/podman-service.pid" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/podman-service.pid"
}
