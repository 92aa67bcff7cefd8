#!/bin/bash
# MariaDB started the way the official mysql (and mariadb) images start, for what this project's compose file and
# Testcontainers use of them (scripts/base-images.sh builds the image from Debian's mariadb-server):
#  - arguments that start with '-' are options of the server (compose: command: ["--max-connections=500"]);
#  - on an empty data directory (/var/lib/mysql): a new database with root's password MYSQL_ROOT_PASSWORD (or
#    MARIADB_ROOT_PASSWORD; MYSQL_ALLOW_EMPTY_PASSWORD=yes for none) for root@localhost and root@'%',
#    MYSQL_DATABASE, MYSQL_USER / MYSQL_PASSWORD (all rights on MYSQL_DATABASE), then every
#    /docker-entrypoint-initdb.d/*.sql, *.sql.gz and *.sh in name order, once;
#  - the server itself runs as the mysql user, listening on every address (port 3306).
set -euo pipefail
log() { echo "$(date -u +%FT%TZ) [entrypoint] $*" >&2; }

if [[ $# -eq 0 || "$1" == -* ]]; then set -- mariadbd "$@"; fi
if [[ "$1" != mariadbd && "$1" != mysqld ]]; then exec "$@"; fi
shift

datadir=/var/lib/mysql
mkdir -p "$datadir" /run/mysqld
chown mysql:mysql "$datadir" /run/mysqld

env_of() { local a=MYSQL_$1 b=MARIADB_$1; echo "${!a:-${!b:-}}"; }
sql_string() { local s=${1//\\/\\\\}; printf "'%s'" "${s//\'/\'\'}"; }

if [[ ! -d "$datadir/mysql" ]]; then
  root_password="$(env_of ROOT_PASSWORD)"
  allow_empty="$(env_of ALLOW_EMPTY_PASSWORD)"
  if [[ -z "$root_password" && ! "$allow_empty" =~ ^(yes|1|true)$ ]]; then
    log "error: the database is uninitialized and no password option is given: set MYSQL_ROOT_PASSWORD" \
        "(or MYSQL_ALLOW_EMPTY_PASSWORD=yes)"
    exit 1
  fi
  log "initializing the database in $datadir"
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db --auth-root-authentication-method=normal \
    --skip-name-resolve > /dev/null
  socket=/run/mysqld/init.sock
  mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket="$socket" "$@" &
  pid=$!
  client=(mariadb --protocol=socket --socket="$socket" -uroot)
  for ((i = 0; i < 60; i++)); do
    "${client[@]}" -e "SELECT 1" > /dev/null 2>&1 && break
    kill -0 "$pid" 2> /dev/null || { log "error: the server ended during initialization"; exit 1; }
    sleep 1
  done
  pw="$(sql_string "$root_password")"
  database="$(env_of DATABASE)" user="$(env_of USER)" password="$(env_of PASSWORD)"
  {
    echo "SET @@SESSION.SQL_LOG_BIN = 0;"
    # only root@localhost and root@'%' (as the mysql image has them), no anonymous accounts
    echo "DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost'));"
    echo "DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '%');"
    echo "FLUSH PRIVILEGES;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $pw;"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $pw;"
    echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    echo "GRANT PROXY ON ''@'%' TO 'root'@'%' WITH GRANT OPTION;"
    if [[ -n "$database" ]]; then
      echo "CREATE DATABASE IF NOT EXISTS \`${database//\`/\`\`}\`;"
    fi
    if [[ -n "$user" && -n "$password" ]]; then
      echo "CREATE USER $(sql_string "$user")@'%' IDENTIFIED BY $(sql_string "$password");"
      if [[ -n "$database" ]]; then
        echo "GRANT ALL PRIVILEGES ON \`${database//\`/\`\`}\`.* TO $(sql_string "$user")@'%';"
      fi
    fi
  } | "${client[@]}"
  export MYSQL_PWD="$root_password"
  for f in /docker-entrypoint-initdb.d/*; do
    [[ -e "$f" ]] || continue
    case "$f" in
      *.sh) log "running $f"; . "$f" ;;
      *.sql) log "running $f"; "${client[@]}" ${database:+"$database"} < "$f" ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | "${client[@]}" ${database:+"$database"} ;;
      *) log "ignoring $f" ;;
    esac
  done
  mariadb-admin --protocol=socket --socket="$socket" -uroot shutdown
  wait "$pid" || true
  unset MYSQL_PWD
  log "initialization done"
fi

exec mariadbd --user=mysql --datadir="$datadir" "$@"
