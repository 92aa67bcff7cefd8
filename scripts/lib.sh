#!/usr/bin/env bash
# Shared by the project's scripts: paths, a JDK >= 21, and small helpers. Source it, don't run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_DIR="${CONCERT_LOCAL_DIR:-$ROOT/.local}"
LOG_DIR="$LOCAL_DIR/logs"
RUN_DIR="$LOCAL_DIR/run"
mkdir -p "$LOG_DIR" "$RUN_DIR"

say() { printf '\033[1m[concert]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[concert] %s\033[0m\n' "$*" >&2; exit 1; }

java_major() { # prints the major version of the java binary given, or nothing
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

# JAVA_HOME first, then every JDK under /usr/lib/jvm and /opt, then java on the PATH: the first one >= 21 wins.
find_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$d/bin/javac" ]] && candidates+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local best="" best_v=0 v
  for c in "${candidates[@]}"; do
    [[ -x "$c/bin/java" && -x "$c/bin/javac" ]] || continue
    v="$(java_major "$c/bin/java")"
    [[ -n "$v" && "$v" -ge 21 ]] || continue
    if [[ "$c" == "${JAVA_HOME:-}" ]]; then best="$c"; break; fi
    if [[ "$v" -gt "$best_v" ]]; then best="$c"; best_v="$v"; fi
  done
  [[ -n "$best" ]] || die "No JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /opt and the PATH). Install one, e.g. 'apt-get install -y openjdk-21-jdk' or Temurin 21+, and set JAVA_HOME."
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

mvnw() { "$ROOT/mvnw" -B --no-transfer-progress "$@"; }

wait_for_port() { # host port seconds label
  local host=$1 port=$2 secs=$3 label=$4 i
  for ((i = 0; i < secs * 5; i++)); do
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && return 0
    sleep 0.2
  done
  die "$label did not open $host:$port within ${secs}s"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

mysql_client() { if command -v mariadb >/dev/null; then mariadb "$@"; else mysql "$@"; fi; }

# The database server as its administrator (DB_USER, root by default): creating databases, users and grants.
db_admin() { mysql_client -h "${DB_HOST:-127.0.0.1}" -P "${DB_PORT:-3306}" -u "${DB_USER:-root}" ${DB_PASSWORD:+-p"$DB_PASSWORD"} "$@"; }

# One database user per service, with rights on that service's own databases only (<service>_db, <service>_<stack>):
# the apps never connect as root (queue-service and the gateway have no database). Local development passwords,
# overridable per service (CONCERT_DB_PASSWORD, RESERVATION_DB_PASSWORD, ...).
DB_SERVICES=(concert reservation wallet payment identity)
service_db_user() { echo "${1}_service"; }
service_db_password() { local v="${1^^}_DB_PASSWORD"; echo "${!v:-${1}-local-dev-db}"; }

# Makes each service's database <service>_<suffix> (suffix db for the local stack, the stack's name otherwise) and
# its user, and grants the user every right on that one database (Flyway creates and alters its tables). Idempotent:
# an existing user gets the current password again. '_' is a wildcard in a database grant, hence \_.
grant_service_databases() { # suffix
  local suffix=$1 svc user pw
  for svc in "${DB_SERVICES[@]}"; do
    user="$(service_db_user "$svc")"; pw="$(service_db_password "$svc")"; pw="${pw//\\/\\\\}"; pw="${pw//\'/\'\'}"
    cat <<SQL
CREATE DATABASE IF NOT EXISTS \`${svc}_${suffix}\`;
CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$pw';
ALTER USER '$user'@'%' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`${svc}\_${suffix//_/\\_}\`.* TO '$user'@'%';
SQL
  done | db_admin
}
