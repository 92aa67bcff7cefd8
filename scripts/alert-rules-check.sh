#!/usr/bin/env bash
# The Prometheus alert rules (infra/prometheus/alerts.yml), checked without starting anything: promtool check rules,
# their unit tests (promtool test rules infra/prometheus/alerts-test.yml), the copy of the rules in the Kubernetes
# component's ConfigMap (infra/k8s/components/prometheus/prometheus.yaml, key alerts.yml) being the same file, and
# promtool check config on both Prometheus configs with the rules beside them (as far as this promtool can read them).
#   scripts/alert-rules-check.sh          check
#   scripts/alert-rules-check.sh --sync   first copy infra/prometheus/alerts.yml into that ConfigMap
# promtool: $PROMTOOL, else the one on the PATH, else Debian's prometheus package fetched with apt-get download (not
# installed, nothing started) and unpacked into .local/tools/prometheus, where later runs find it.
source "$(dirname "$0")/lib.sh"

RULES="$ROOT/infra/prometheus/alerts.yml"
TESTS="$ROOT/infra/prometheus/alerts-test.yml"
K8S="$ROOT/infra/k8s/components/prometheus/prometheus.yaml"
COMPOSE_CONFIG="$ROOT/infra/compose/prometheus.yml"
TOOLS="$LOCAL_DIR/tools/prometheus"

sync=false
case "${1:-}" in
  "") ;;
  --sync) sync=true ;;
  *) sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

find_promtool() {
  if [[ -n "${PROMTOOL:-}" ]]; then echo "$PROMTOOL"; return; fi
  if command -v promtool >/dev/null 2>&1; then command -v promtool; return; fi
  if [[ -x "$TOOLS/promtool" ]]; then echo "$TOOLS/promtool"; return; fi
  local log="$LOG_DIR/promtool-download.log" unpacked="$TOOLS/unpacked" deb
  mkdir -p "$TOOLS"
  rm -rf "$TOOLS"/prometheus_*.deb "$unpacked"
  say "promtool: apt-get download prometheus (Debian's package, into $TOOLS; log $log)" >&2
  if ! (cd "$TOOLS" && apt-get download prometheus) >"$log" 2>&1; then
    say "promtool: the download failed; apt-get update, then again" >&2
    apt-get update >>"$log" 2>&1 || die "apt-get update failed (log $log)"
    (cd "$TOOLS" && apt-get download prometheus) >>"$log" 2>&1 || die "apt-get download prometheus failed (log $log)"
  fi
  deb="$(ls "$TOOLS"/prometheus_*.deb | head -n 1)"
  dpkg-deb -x "$deb" "$unpacked" || die "dpkg-deb -x $deb failed"
  [[ -x "$unpacked/usr/bin/promtool" ]] || die "no usr/bin/promtool in $deb"
  mv "$unpacked/usr/bin/promtool" "$TOOLS/promtool"
  basename "$deb" > "$TOOLS/from"
  rm -rf "$unpacked" "$deb"
  echo "$TOOLS/promtool"
}

# The ConfigMap's alerts.yml: the block under "  alerts.yml: |", its 4 spaces of indentation removed, blank lines
# kept inside it and dropped at its end (as YAML's "|" does).
embedded_rules() {
  awk '/^  alerts\.yml: \|$/ { inside = 1; next }
       inside && /^ *$/ { blank++; next }
       inside && /^    / { for (; blank > 0; blank--) print ""; print substr($0, 5); next }
       inside { exit }' "$K8S"
}
# The same normalisation of the rules file (no trailing blank lines, blank lines empty)
rules_normalised() {
  awk '/^ *$/ { blank++; next } { for (; blank > 0; blank--) print ""; print }' "$RULES"
}

if $sync; then
  grep -q '^  alerts\.yml: |$' "$K8S" || die "no '  alerts.yml: |' key in $K8S"
  tmp="$(mktemp)"
  awk -v rules="$RULES" '
    /^  alerts\.yml: \|$/ { print; while ((getline line < rules) > 0) print (line ~ /^ *$/ ? "" : "    " line); skip = 1; next }
    skip && (/^    / || /^ *$/) { next }
    { skip = 0; print }' "$K8S" > "$tmp"
  cat "$tmp" > "$K8S"; rm -f "$tmp"
  say "copied ${RULES#"$ROOT"/} into ${K8S#"$ROOT"/} (ConfigMap prometheus-config, key alerts.yml)"
fi

PROMTOOL="$(find_promtool)"
version="$("$PROMTOOL" --version 2>&1 | awk '/version/ { print $3; exit }')"
say "promtool $version ($PROMTOOL)"
failed=()

say "promtool check rules ${RULES#"$ROOT"/}"
"$PROMTOOL" check rules "$RULES" || failed+=("check rules")

say "promtool test rules ${TESTS#"$ROOT"/}"
"$PROMTOOL" test rules "$TESTS" || failed+=("test rules")

say "the Kubernetes ConfigMap's alerts.yml is ${RULES#"$ROOT"/}"
if diff -u <(rules_normalised) <(embedded_rules) --label "${RULES#"$ROOT"/}" --label "${K8S#"$ROOT"/} (alerts.yml)"; then
  echo "  SUCCESS: identical"
else
  echo "  FAILED: they differ; scripts/alert-rules-check.sh --sync copies the rules into the ConfigMap"
  failed+=("ConfigMap copy")
fi

# The configs as Prometheus reads them: the rules beside them (rule_files: [alerts.yml], relative to the config). What
# this promtool cannot read is left out or skipped, and said so: Debian's promtool has no Kubernetes service discovery,
# and scrape_protocols is 2.49's.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/k8s" "$work/compose"
awk '/^  prometheus\.yml: \|$/ { inside = 1; next }
     inside && (/^    / || /^ *$/) { print substr($0, 5); next }
     inside { exit }' "$K8S" > "$work/k8s/prometheus.yml"
cp "$RULES" "$work/k8s/alerts.yml"
say "promtool check config: the Kubernetes ConfigMap's prometheus.yml, with its alerts.yml"
if out="$("$PROMTOOL" check config "$work/k8s/prometheus.yml" 2>&1)"; then
  echo "$out"
elif grep -q 'field kubernetes_sd_configs not found' <<<"$out"; then
  echo "  skipped: this promtool has no Kubernetes service discovery (Debian's build)"
else
  echo "$out"; failed+=("check config (k8s)")
fi
major="${version%%.*}" minor="${version#*.}"; minor="${minor%%.*}"
cp "$RULES" "$work/compose/alerts.yml"
if [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] && (( major > 2 || (major == 2 && minor >= 49) )); then
  cp "$COMPOSE_CONFIG" "$work/compose/prometheus.yml"
  say "promtool check config ${COMPOSE_CONFIG#"$ROOT"/}, with its alerts.yml"
else
  grep -v '^ *scrape_protocols:' "$COMPOSE_CONFIG" > "$work/compose/prometheus.yml"
  say "promtool check config ${COMPOSE_CONFIG#"$ROOT"/}, with its alerts.yml, without scrape_protocols (promtool $version predates it)"
fi
"$PROMTOOL" check config "$work/compose/prometheus.yml" || failed+=("check config (compose)")

((${#failed[@]} == 0)) || die "alert rules: FAILED: ${failed[*]}"
say "alert rules: all checks passed"
