#!/usr/bin/env bash
# Makes sure MariaDB/MySQL, Redis and a Kafka broker are running and the service databases and their users exist
# (one user per service with rights on its own database only; lib.sh, grant_service_databases).
# Starts what is installed but stopped; installs MariaDB and Redis from the OS packages when missing (as root).
# Endpoints: DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (an administrator: root by default), REDIS_HOST/REDIS_PORT,
# KAFKA_BOOTSTRAP_SERVERS.
source "$(dirname "$0")/lib.sh"

DB_HOST="${DB_HOST:-127.0.0.1}"; DB_PORT="${DB_PORT:-3306}"; DB_USER="${DB_USER:-root}"; DB_PASSWORD="${DB_PASSWORD:-}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"; REDIS_PORT="${REDIS_PORT:-6379}"
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" ]]; }

apt_install() {
  [[ "$(id -u)" == 0 ]] || die "$* missing and not root: install it (e.g. 'sudo apt-get install -y $*') or point the *_HOST variables at a running server"
  command -v apt-get >/dev/null || die "$* missing and no apt-get here: install it by hand"
  say "installing $* from the OS packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_mariadb() {
  if port_open "$DB_HOST" "$DB_PORT"; then say "database up at $DB_HOST:$DB_PORT"; return; fi
  is_local "$DB_HOST" || die "no database at $DB_HOST:$DB_PORT"
  if ! command -v mariadbd >/dev/null && [[ ! -x /usr/sbin/mariadbd ]]; then apt_install mariadb-server; fi
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [[ ! -d /var/lib/mysql/mysql ]]; then
    say "initialising an empty MariaDB data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  say "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  wait_for_port "$DB_HOST" "$DB_PORT" 60 "MariaDB"
}

sql() { mysql_client -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" ${DB_PASSWORD:+-p"$DB_PASSWORD"} -e "$1"; }

create_databases() {
  local i
  for i in $(seq 1 30); do sql "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
  grant_service_databases db \
    || die "cannot create the service databases and their users as $DB_USER@$DB_HOST:$DB_PORT (an administrator is needed; or create them yourself as infra/compose/mysql-init.sql does)"
  # an anonymous account (''@localhost, left by some installers) would take the services' TCP logins from this host
  # before their own '%' accounts do, and refuse them
  local anonymous
  anonymous="$(db_admin -N -e "SELECT CONCAT(QUOTE(''), '@', QUOTE(host)) FROM mysql.user WHERE user = ''" 2>/dev/null | paste -sd, || true)"
  if [[ -n "$anonymous" ]]; then
    if is_local "$DB_HOST"; then
      say "dropping the anonymous database accounts $anonymous (they would shadow the services' users)"
      sql "DROP USER $anonymous" || die "cannot drop the anonymous accounts $anonymous"
    else
      say "warning: anonymous accounts $anonymous may refuse the services' users; drop them"
    fi
  fi
  # several stacks of ~10 JVMs each with a connection pool exceed MariaDB's default of 151 connections
  sql "SET GLOBAL max_connections = GREATEST(@@max_connections, 1000)" 2>/dev/null \
    || say "could not raise max_connections (not permitted): many instances may run out of connections"
  say "databases concert_db, reservation_db, wallet_db, payment_db, identity_db and their users (<service>_service) ready"
}

ensure_redis() {
  if port_open "$REDIS_HOST" "$REDIS_PORT"; then say "redis up at $REDIS_HOST:$REDIS_PORT"; return; fi
  is_local "$REDIS_HOST" || die "no redis at $REDIS_HOST:$REDIS_PORT"
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "${REDIS_DIR:-/tmp}" --logfile "$LOG_DIR/redis.log"
  wait_for_port "$REDIS_HOST" "$REDIS_PORT" 20 "Redis"
}

if ! command -v mariadb >/dev/null && ! command -v mysql >/dev/null; then apt_install mariadb-client; fi
ensure_mariadb
create_databases
ensure_redis
[[ "${SKIP_KAFKA:-0}" == 1 ]] || "$ROOT/scripts/kafka.sh" start
