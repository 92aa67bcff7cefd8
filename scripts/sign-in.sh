#!/usr/bin/env bash
# Signs a user in as the concert app does (OAuth 2.1 authorization code + PKCE S256, public client concert-app)
# and prints the access token, for curl users:
#   scripts/sign-in.sh [--json] EMAIL PASSWORD [GATEWAY_URL]      GATEWAY_URL defaults to http://localhost:8080
#   TOKEN=$(scripts/sign-in.sh fan1@example.com concert-demo-1)
#   curl -H "Authorization: Bearer $TOKEN" localhost:8080/api/v1/...
# --json prints the whole token response (access_token, refresh_token, id_token, expires_in, ...) instead.
# identity-service is reached at GATEWAY_URL/auth; a direct call works too: ... http://127.0.0.1:8086 (its issuer
# must then be http://127.0.0.1:8086/auth). Needs bash, curl, and openssl or python3 (for the code challenge).
set -euo pipefail
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

json=false
if [[ "${1:-}" == "--json" ]]; then json=true; shift; fi
[[ $# -ge 2 && $# -le 3 ]] || usage
email="$1" password="$2" auth="${3:-http://localhost:8080}"
auth="${auth%/}/auth"
client_id=concert-app
redirect_uri=http://127.0.0.1:8765/callback

die() { echo "sign-in: $*" >&2; exit 1; }
command -v curl >/dev/null || die "curl is needed"

b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }
random() { head -c "$1" /dev/urandom | b64url; }
challenge() {
  if command -v openssl >/dev/null; then printf '%s' "$1" | openssl dgst -sha256 -binary | b64url
  elif command -v python3 >/dev/null; then
    python3 -c 'import base64,hashlib,sys; print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).decode().rstrip("="))' "$1"
  else die "openssl or python3 is needed for the PKCE challenge"; fi
}
# the value of one query parameter of a URL (URL-decoded)
param() {
  local value
  value=$(printf '%s' "$1" | sed -nE "s/.*[?&]$2=([^&#]*).*/\1/p")
  printf '%b' "${value//%/\\x}"
}
# one field of a flat JSON object
field() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1]) or "")' "$1"
  else sed -nE "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"([^\"]*)\".*/\1/p"; fi
}

jar=$(mktemp) page=$(mktemp)
trap 'rm -f "$jar" "$page"' EXIT
verifier=$(random 32)
state=$(random 16)
get() { curl -sS -o "$page" -w '%{http_code} %{redirect_url}\n' -b "$jar" -c "$jar" "$@"; }

# 1. the authorization request: no session yet, so identity-service redirects to its login form
read -r status login < <(get -G "$auth/oauth2/authorize" --data-urlencode response_type=code \
  --data-urlencode "client_id=$client_id" --data-urlencode "redirect_uri=$redirect_uri" \
  --data-urlencode "scope=openid profile" --data-urlencode "state=$state" \
  --data-urlencode "code_challenge=$(challenge "$verifier")" --data-urlencode code_challenge_method=S256) \
  || die "identity-service does not answer at $auth"
[[ "$status" == 302 && -n "${login:-}" ]] || die "the authorization request answered $status: $(head -c 300 "$page")"

# 2. the login form and its CSRF token
read -r status _ < <(get "$login")
[[ "$status" == 200 ]] || die "the login page answered $status"
csrf=$(grep -o '<input[^>]*name="_csrf"[^>]*>' "$page" | sed -nE 's/.*value="([^"]*)".*/\1/p' | head -1)
[[ -n "$csrf" ]] || die "no CSRF token in the login page"

# 3. sign in; success redirects back to the authorization request
read -r status next < <(get "$login" --data-urlencode "username=$email" --data-urlencode "password=$password" \
  --data-urlencode "_csrf=$csrf")
[[ "$status" == 429 ]] && die "too many failed sign-ins; retry later: $(field detail < "$page")"
[[ "$status" == 302 && -n "${next:-}" ]] || die "the login answered $status"
[[ "$next" == *"/login?error"* ]] && die "wrong email or password"

# 4. follow the redirects to the redirect URI, which carries the code (nothing needs to listen there)
for _ in 1 2 3 4 5; do
  [[ "$next" == "$redirect_uri?"* ]] && break
  read -r status next < <(get "$next")
  [[ "$status" == 302 && -n "${next:-}" ]] || die "the authorization answered $status: $(head -c 300 "$page")"
done
[[ "$next" == "$redirect_uri?"* ]] || die "no authorization code after the sign-in"
[[ -z "$(param "$next" error)" ]] || die "authorization refused: $(param "$next" error) $(param "$next" error_description)"
[[ "$(param "$next" state)" == "$state" ]] || die "the state came back changed"
code=$(param "$next" code)

# 5. the code for tokens, proven by the verifier
status=$(curl -sS -o "$page" -w '%{http_code}' "$auth/oauth2/token" --data-urlencode grant_type=authorization_code \
  --data-urlencode "client_id=$client_id" --data-urlencode "code=$code" --data-urlencode "redirect_uri=$redirect_uri" \
  --data-urlencode "code_verifier=$verifier")
[[ "$status" == 200 ]] || die "the token request answered $status: $(cat "$page")"
if $json; then cat "$page"; echo; else field access_token < "$page"; fi
