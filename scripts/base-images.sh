#!/usr/bin/env bash
# The container images the stack needs, made here from Debian's packages and Maven Central only (no image registry
# is needed), tagged locally for podman:
#   localhost/concert/jre:21           Java 21 runtime (Debian trixie's openjdk-21-jre-headless) and curl: the apps'
#                                      base (scripts/images.sh builds them on it with Jib)
#   localhost/concert/mariadb:local    MariaDB (Debian's mariadb-server) started like the mysql image:
#                                      MYSQL_ROOT_PASSWORD, /docker-entrypoint-initdb.d (infra/containers/mariadb)
#   localhost/concert/redis:local      Redis (Debian's redis-server), started like the redis image
#                                      (these two: thin layers on one Debian bookworm root with both servers,
#                                      localhost/concert/stores-base:bookworm)
#   localhost/concert/prometheus:local Prometheus (Debian trixie's prometheus), started like prom/prometheus
#   localhost/concert/kafka:local      an Apache Kafka broker (KRaft) from the Maven Central jars (infra module) on the
#                                      Java base, configured by KAFKA_* variables like apache/kafka
#   localhost/concert/zipkin:local     Zipkin's server (the exec jar scripts/zipkin.sh runs locally) on the Java base,
#                                      in memory, port 9411 like openzipkin/zipkin (MEM_MAX_SPANS, JAVA_TOOL_OPTIONS)
# The roots are made by debootstrap (minbase) from the Debian mirror apt uses here.
# Usage: scripts/base-images.sh [--force] [jre|mariadb|redis|kafka|prometheus|zipkin ...]   (default: all)
# Cached: each image carries the hash of what it is made of (packages, files, this script's recipe) in its label
# concert.recipe; an image whose hash is current is not built again (a run with nothing changed takes seconds).
# Installs and configures podman first where it is missing (scripts/containers-lib.sh). Root is needed
# (debootstrap, podman's storage). DEBIAN_MIRROR overrides the mirror (default: the one apt uses here).
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/containers-lib.sh"

force=false
wanted=()
for a in "$@"; do
  case "$a" in
    --force) force=true ;;
    jre|mariadb|redis|kafka|prometheus|zipkin) wanted+=("$a") ;;
    *) die "usage: scripts/base-images.sh [--force] [jre|mariadb|redis|kafka|prometheus|zipkin ...]" ;;
  esac
done
((${#wanted[@]})) || wanted=(jre mariadb redis kafka prometheus zipkin)

ensure_podman
WORK="$LOCAL_DIR/containers"
CT="$ROOT/infra/containers"
mkdir -p "$WORK" "$LOG_DIR/containers"

# The Debian mirror apt already uses here (sources.list or deb822 .sources), not the security one.
debian_mirror() {
  [[ -n "${DEBIAN_MIRROR:-}" ]] && { echo "$DEBIAN_MIRROR"; return; }
  local m
  m="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
       | grep -E '^[[:space:]]*(deb|URIs:)[[:space:]]' | grep -oE 'https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
       | sed 's/[[:space:]]*$//' | head -1 || true)"
  echo "$m"
}
MIRROR="$(debian_mirror)"
[[ -n "$MIRROR" ]] || die "no Debian mirror found in /etc/apt/sources.list*: set DEBIAN_MIRROR"
ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
PATH_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# What an image is made of: its recipe (the functions that make it), its packages and files. Any change, a new hash.
recipe_hash() { # name, then files or directories
  local name=$1; shift
  {
    echo "$name $ARCH"
    declare -f debootstrap_rootfs import_rootfs "build_$name"
    if [[ $# -gt 0 ]]; then find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sed "s|$ROOT/||"; fi
  } | sha256sum | cut -c1-16
}

up_to_date() { # image hash
  [[ "$force" == false && "$(image_label "$1" concert.recipe)" == "$2" ]]
}

# Unmounts whatever debootstrap may have left mounted below a root (after a failure), then removes it: never
# follows a mount into the host's /proc, /sys or /dev.
remove_rootfs() {
  local dir=$1 m
  [[ -d "$dir" ]] || return 0
  for m in $(awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" || true; done
  rm -rf --one-file-system "$dir"
}

# A minimal Debian root (minbase) with the packages given, slimmed (no apt lists or caches, docs, man pages).
debootstrap_rootfs() { # suite packages(comma-separated) dir log
  local suite=$1 packages=$2 dir=$3 log=$4
  remove_rootfs "$dir"
  # a package cache per root: two debootstraps at once must not share one
  local cache="$WORK/debs/$suite-${dir##*/rootfs-}"
  mkdir -p "$dir" "$cache"
  # in two stages, so that dpkg unpacks without an fsync per file (force-unsafe-io: minutes less on this disk)
  debootstrap --foreign --variant=minbase --include="$packages" --cache-dir="$cache" "$suite" "$dir" \
    "$MIRROR" > "$log" 2>&1 || { tail -20 "$log" >&2; remove_rootfs "$dir"; return 1; }
  mkdir -p "$dir/etc/dpkg/dpkg.cfg.d"
  echo force-unsafe-io > "$dir/etc/dpkg/dpkg.cfg.d/unsafe-io"
  chroot "$dir" /debootstrap/debootstrap --second-stage >> "$log" 2>&1 \
    || { tail -20 "$log" >&2; remove_rootfs "$dir"; return 1; }
  rm -f "$dir/etc/dpkg/dpkg.cfg.d/unsafe-io"
  rm -rf "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/log/*.log "$dir"/tmp/* \
    "$dir"/var/cache/debconf/*-old
}

# The root as a one-layer image, with its configuration and the recipe hash as a label.
import_rootfs() { # dir image hash change...
  local dir=$1 image=$2 hash=$3; shift 3
  local changes=(--change "LABEL concert.recipe=$hash" --change "ENV $PATH_ENV" --change "ENV LANG=C.UTF-8")
  local c
  for c in "$@"; do changes+=(--change "$c"); done
  tar --numeric-owner -C "$dir" -c . | podman import "${changes[@]}" - "$image" > /dev/null || return 1
  remove_rootfs "$dir"
}

build_jre() { # hash log
  local dir="$ROOTS/rootfs-jre"
  debootstrap_rootfs trixie openjdk-21-jre-headless,curl,ca-certificates "$dir" "$2" || return 1
  local java_home; java_home="$(cd "$dir" && ls -d usr/lib/jvm/java-21-openjdk-* | head -1)"
  [[ -x "$dir/$java_home/bin/java" ]] || { echo "no java in the root" >&2; return 1; }
  import_rootfs "$dir" "$JRE_IMAGE" "$1" "ENV JAVA_HOME=/$java_home" 'CMD ["java", "-version"]'
}

# One Debian root for the MariaDB and Redis images (one debootstrap instead of two: the cold build is mostly dpkg's
# work); each image is a thin layer on it with its own start-up and configuration. Bookworm's MariaDB 10.11 and
# Redis 7.0: the versions the tests run against here.
build_stores() { # hash log
  local dir="$ROOTS/rootfs-stores"
  debootstrap_rootfs bookworm mariadb-server,mariadb-client,redis-server "$dir" "$2" || return 1
  local tool
  for tool in mysql:mariadb mysqladmin:mariadb-admin mysqldump:mariadb-dump; do
    [[ -e "$dir/usr/bin/${tool%%:*}" ]] || ln -s "${tool#*:}" "$dir/usr/bin/${tool%%:*}"
  done
  # empty data directories: each image's start-up makes its own (a new volume is filled from the image's directory)
  rm -rf "${dir:?}"/var/lib/mysql/* "$dir"/run/mysqld/* "$dir"/var/lib/redis/*
  import_rootfs "$dir" "$STORES_IMAGE" "$1" 'CMD ["bash"]'
}

# A thin image on a parent: the files of infra/containers/<name> and a Containerfile's instructions.
build_layer() { # name image parent hash log instructions [directory copied into the context as extra/]
  local name=$1 image=$2 parent=$3 hash=$4 log=$5 instructions=$6 extra=${7:-} ctx="$WORK/context-$1"
  rm -rf "$ctx"; mkdir -p "$ctx/empty"
  if [[ -d "$CT/$name" ]]; then cp -a "$CT/$name/." "$ctx/" || return 1; fi
  if [[ -n "$extra" ]]; then cp -a "$extra" "$ctx/extra" || return 1; fi
  find "$ctx" -name '*.sh' -exec chmod 755 {} + -o -name 'kafka-run' -exec chmod 755 {} +
  printf 'FROM %s\n%s\nLABEL concert.recipe=%s\n' "$parent" "$instructions" "$hash" > "$ctx/Containerfile"
  podman build -q --layers=false -t "$image" "$ctx" > "$log" 2>&1 || { tail -20 "$log" >&2; return 1; }
  rm -rf "$ctx"
}

build_mariadb() { # hash log
  build_layer mariadb "$MARIADB_IMAGE" "$STORES_IMAGE" "$1" "$2" '
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY container.cnf /etc/mysql/mariadb.conf.d/99-container.cnf
COPY empty/ /docker-entrypoint-initdb.d/
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mariadbd"]
EXPOSE 3306'
}

build_redis() { # hash log
  build_layer redis "$REDIS_LOCAL_IMAGE" "$STORES_IMAGE" "$1" "$2" '
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY --chown=redis:redis empty/ /data/
WORKDIR /data
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
EXPOSE 6379'
}

# Trixie's Prometheus (2.53): bookworm's 2.42 refuses the exemplars Spring Boot's OpenMetrics output carries and
# cannot be told to ask for the text format (scrape_protocols, infra/compose/prometheus.yml)
build_prometheus() { # hash log
  local dir="$ROOTS/rootfs-prometheus"
  debootstrap_rootfs trixie prometheus,wget "$dir" "$2" || return 1
  rm -rf "${dir:?}"/var/lib/prometheus/*
  mkdir -p "$dir/prometheus"
  chown 65534:65534 "$dir/prometheus"
  import_rootfs "$dir" "$PROMETHEUS_LOCAL_IMAGE" "$1" 'USER 65534:65534' 'WORKDIR /prometheus' \
    'ENTRYPOINT ["/usr/bin/prometheus"]' \
    'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' 'EXPOSE 9090'
}

KAFKA_LIB="$ROOT/infra/target/kafka-lib"
build_kafka() { # hash log
  build_layer kafka "$KAFKA_LOCAL_IMAGE" "$JRE_IMAGE" "$1" "$2" "
COPY extra/ /opt/kafka/libs/
COPY kafka-run kafka-broker-api-versions.sh /opt/kafka/bin/
COPY kafka-run /etc/kafka/docker/run
COPY --chown=1000:1000 empty/ /var/lib/kafka/data/
ENV PATH=/opt/kafka/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER 1000:1000
WORKDIR /opt/kafka
EXPOSE 9092 9093
CMD [\"/etc/kafka/docker/run\"]" "$KAFKA_LIB"
}

# The exec jar scripts/zipkin.sh fetches (and runs for the local stacks), alone in a directory of its own
ZIPKIN_JAR_DIR="$WORK/zipkin-jar"
build_zipkin() { # hash log
  build_layer zipkin "$ZIPKIN_LOCAL_IMAGE" "$JRE_IMAGE" "$1" "$2" '
COPY extra/zipkin.jar /opt/zipkin/zipkin.jar
USER 1000:1000
WORKDIR /opt/zipkin
EXPOSE 9411
ENTRYPOINT ["java", "-jar", "/opt/zipkin/zipkin.jar"]' "$ZIPKIN_JAR_DIR"
}

image_of() {
  case "$1" in
    jre) echo "$JRE_IMAGE" ;; stores) echo "$STORES_IMAGE" ;; mariadb) echo "$MARIADB_IMAGE" ;;
    redis) echo "$REDIS_LOCAL_IMAGE" ;; kafka) echo "$KAFKA_LOCAL_IMAGE" ;; prometheus) echo "$PROMETHEUS_LOCAL_IMAGE" ;;
    zipkin) echo "$ZIPKIN_LOCAL_IMAGE" ;;
  esac
}
parent_of() { case "$1" in mariadb|redis) echo stores ;; kafka|zipkin) echo jre ;; esac; }

# the recipe hashes; a thin image's includes its parent's (a new parent, a new image)
declare -A hash
hash[jre]="$(recipe_hash jre)"
hash[stores]="$(recipe_hash stores)"
hash[prometheus]="$(recipe_hash prometheus)"
for name in mariadb redis; do
  hash[$name]="$( { recipe_hash "$name" "$CT/$name"; echo "${hash[stores]}"; } | sha256sum | cut -c1-16)"
done
if [[ " ${wanted[*]} " == *" kafka "* ]] && ! ls "$KAFKA_LIB"/kafka_2.13-*.jar > /dev/null 2>&1; then
  find_jdk
  say "fetching the Kafka broker jars (infra module)"
  mvnw -q -pl infra package > "$LOG_DIR/containers/kafka-lib.log" 2>&1 \
    || { tail -20 "$LOG_DIR/containers/kafka-lib.log"; die "fetching the Kafka jars failed"; }
fi
hash[kafka]="$( { recipe_hash kafka "$CT/kafka" "$KAFKA_LIB"; echo "${hash[jre]}"; } | sha256sum | cut -c1-16)"
if [[ " ${wanted[*]} " == *" zipkin "* ]]; then
  zipkin_jar="$("$ROOT/scripts/zipkin.sh" jar)" || die "fetching the Zipkin server failed"
  mkdir -p "$ZIPKIN_JAR_DIR"
  cmp -s "$zipkin_jar" "$ZIPKIN_JAR_DIR/zipkin.jar" || cp "$zipkin_jar" "$ZIPKIN_JAR_DIR/zipkin.jar"
  hash[zipkin]="$( { recipe_hash zipkin "$ZIPKIN_JAR_DIR"; echo "${hash[jre]}"; } | sha256sum | cut -c1-16)"
fi

run_build() { # name
  local name=$1 t=$SECONDS log="$LOG_DIR/containers/$1.log" image; image="$(image_of "$1")"
  if up_to_date "$image" "${hash[$name]}"; then say "$image is up to date (recipe ${hash[$name]})"; return 0; fi
  say "building $image (log $log)"
  local old; old="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  "build_$name" "${hash[$name]}" "$log" || { say "building $image failed (log $log)"; return 1; }
  # the image it replaces, unless something still uses it
  if [[ -n "$old" && "$old" != "$(podman image inspect --format '{{.Id}}' "$image")" ]]; then
    podman rmi "$old" > /dev/null 2>&1 || true
  fi
  say "$image built in $((SECONDS - t)) s ($(podman image inspect --format '{{.Size}}' "$image" \
        | awk '{printf "%d MB", $1 / 1e6}'))"
}

start=$SECONDS
# The roots are made in memory where a tmpfs can be mounted (dpkg's many small writes; a few hundred MB each)
ROOTS="$WORK/roots"
release_roots() {
  local m
  for m in $(awk -v d="$ROOTS/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do umount -l "$m" || true; done
  if mountpoint -q "$ROOTS"; then umount -l "$ROOTS" || true; fi
}
mkdir -p "$ROOTS"
# the Debian roots first, side by side (downloads and dpkg), then the thin images on them
roots=()
for name in "${wanted[@]}"; do
  case "$name" in jre|kafka|zipkin) roots+=(jre) ;; prometheus) roots+=(prometheus) ;; *) roots+=(stores) ;; esac
done
declare -A pids
roots=($(printf '%s\n' "${roots[@]}" | sort -u))
for root in "${roots[@]}"; do
  up_to_date "$(image_of "$root")" "${hash[$root]}" && continue
  if ! mountpoint -q "$ROOTS" && mount -t tmpfs -o size=4g,mode=0755 concert-roots "$ROOTS" 2>/dev/null; then
    trap release_roots EXIT
  fi
  break
done
for root in "${roots[@]}"; do run_build "$root" & pids[$root]=$!; done
failed=()
for root in "${!pids[@]}"; do wait "${pids[$root]}" || failed+=("$root"); done
for name in "${wanted[@]}"; do
  [[ "$name" == jre || "$name" == prometheus ]] && continue
  [[ " ${failed[*]} " == *" $(parent_of "$name") "* ]] && { failed+=("$name"); continue; }
  run_build "$name" || failed+=("$name")
done
((${#failed[@]} == 0)) || die "base images failed: ${failed[*]}"
say "base images ready in $((SECONDS - start)) s: $(for n in "${wanted[@]}"; do printf '%s ' "$(image_of "$n")"; done)"
