#!/usr/bin/env bash
# The records a service parked (events it could never apply), and their replay after a fix.
#   scripts/parked.sh <service> [list]                                   count, reason, age and origin of each
#   scripts/parked.sh <service> replay                                   re-drive all to their original topics
#   scripts/parked.sh <service> replay <parking-topic> <partition> <offset>   re-drive one
# <service> is queue-service, concert-service, reservation-service, wallet-service or payment-service on this
# machine's stack ports, or a base URL (http://host:port) of any instance. Replays are idempotent: consumers
# apply an event id once. The service's /actuator/parked answers; the gateway never routes it.
set -euo pipefail
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 ]] || usage
case "$1" in
  queue-service) base=http://127.0.0.1:8081 ;;
  concert-service) base=http://127.0.0.1:8082 ;;
  reservation-service) base=http://127.0.0.1:8083 ;;
  wallet-service) base=http://127.0.0.1:8084 ;;
  payment-service) base=http://127.0.0.1:8085 ;;
  http://*|https://*) base="${1%/}" ;;
  *) usage ;;
esac
pretty() { if command -v python3 >/dev/null; then python3 -m json.tool; else cat; fi; }
case "${2:-list}" in
  list) curl -fsS "$base/actuator/parked" | pretty ;;
  replay)
    if [[ $# -eq 2 ]]; then curl -fsS -X POST "$base/actuator/parked" | pretty
    elif [[ $# -eq 5 ]]; then curl -fsS -X POST "$base/actuator/parked/$3/$4/$5" | pretty
    else usage; fi ;;
  *) usage ;;
esac
