#!/usr/bin/env bash
# Where a run's CPU went, per process: samples every process of a stack (its apps' pid files, every broker and Zipkin
# of scripts/kafka.sh and zipkin.sh, labelled by their port, MariaDB, Redis, and any extra "label=pid" given) from
# /proc/<pid>/stat, and reports each one's share of one core. An instance restarted during the run is followed through
# its pid file: its CPU before the kill (up to the last sample) and after the restart (all of it) add up.
#   scripts/cpu-share.sh sample OUT STACK_RUN_DIR INTERVAL_S [label=pid ...]   (runs until killed)
#   scripts/cpu-share.sh report OUT [FROM_EPOCH_S TO_EPOCH_S]                  (whole file, or a window of it)
source "$(dirname "$0")/lib.sh"

ticks() { # pid -> utime + stime in clock ticks, nothing if gone
  local stat; stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
  stat="${stat##*) }"; read -r -a f <<<"$stat"; echo $((f[11] + f[12]))
}

sample() {
  local out="$1" stack_run="$2" interval="$3"; shift 3
  local extra=("$@") f label pid t now
  while true; do
    now="$(date +%s)"
    for f in "$stack_run"/*.pid "$RUN_DIR"/kafka*.pid "$RUN_DIR"/zipkin*.pid; do
      [[ -f "$f" ]] || continue
      pid="$(cat "$f" 2>/dev/null || true)"; [[ -n "$pid" ]] || continue   # a restart may remove it meanwhile
      t="$(ticks "$pid")"; [[ -n "$t" ]] && echo "$now $(basename "$f" .pid) $pid $t"
    done
    for label in mariadbd redis-server; do
      pid="$(pgrep -xo "$label" || true)"; [[ -n "$pid" ]] || continue
      t="$(ticks "$pid")"; [[ -n "$t" ]] && echo "$now $label $pid $t"
    done
    for f in "${extra[@]}"; do
      t="$(ticks "${f#*=}")"; [[ -n "$t" ]] && echo "$now ${f%%=*} ${f#*=} $t"
    done
    sleep "$interval"
  done >> "$out"
}

report() {
  local out="$1" from="${2:-0}" to="${3:-9999999999}"
  awk -v from="$from" -v to="$to" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" '
    $1 < from || $1 > to { next }
    {
      key = $2 SUBSEP $3
      if (!(key in first)) { first[key] = $4; firstAt[key] = $1 }
      last[key] = $4
      if (t0 == "" || $1 < t0) t0 = $1
      if ($1 > t1) t1 = $1
    }
    END {
      secs = t1 - t0; if (secs <= 0) { print "no samples"; exit }
      for (key in first) {
        split(key, k, SUBSEP)
        # a process that appeared after the first sample (an instance restarted) counts from its start
        used[k[1]] += (last[key] - (firstAt[key] > t0 ? 0 : first[key])) / hz
      }
      printf "CPU per process over %d s (%% of one core; %d cores = %d %%):\n", secs, cores, cores * 100
      for (l in used) { total += used[l]; printf "  %-24s %6.1f\n", l, 100 * used[l] / secs | "sort -k2 -rn" }
      close("sort -k2 -rn")
      printf "  %-24s %6.1f\n", "all of these", 100 * total / secs
    }' "$out"
}

case "${1:-}" in
  sample) shift; sample "$@" ;;
  report) shift; report "$@" ;;
  *) die "usage: cpu-share.sh sample OUT STACK_RUN_DIR INTERVAL_S [label=pid ...] | report OUT [FROM TO]" ;;
esac
