#!/usr/bin/env bash
# The records a service parked (events it could never apply), and their replay after a fix.
#   scripts/parked.sh <service> [list]                                   count, reason, age and origin of each
#   scripts/parked.sh <service> replay                                   re-drive all to their original topics
#   scripts/parked.sh <service> replay <parking-topic> <partition> <offset>   re-drive one
# <service> is queue-service, concert-service, reservation-service, wallet-service or payment-service on this
# machine's stack (their management ports 9081-9085), or the management base URL (http://host:<management port>) of
# any instance. Replays are idempotent: consumers apply an event id once. The service's /actuator/parked answers, on
# its management port only; the gateway never routes it.
set -euo pipefail
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 ]] || usage
case "$1" in
  queue-service) base=http://127.0.0.1:9081 ;;
  concert-service) base=http://127.0.0.1:9082 ;;
  reservation-service) base=http://127.0.0.1:9083 ;;
  wallet-service) base=http://127.0.0.1:9084 ;;
  payment-service) base=http://127.0.0.1:9085 ;;
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
