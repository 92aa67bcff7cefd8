#!/usr/bin/env bash
# Makes sure a headless browser for the operator console's browser test (e2e-tests, OperatorConsoleIT) is here:
# Chromium and its chromedriver from the OS packages (/usr/bin/chromium, /usr/bin/chromedriver). Idempotent: with
# both present it changes nothing. Selenium's own driver download (Selenium Manager) is never used: the test names
# /usr/bin/chromedriver itself, so nothing is fetched from the internet at test time.
source "$(dirname "$0")/lib.sh"

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  say "browser: $(/usr/bin/chromium --version 2>/dev/null | head -1), chromedriver present"
  exit 0
fi
[[ "$(id -u)" == 0 ]] || die "chromium/chromedriver missing and not root: install them (sudo apt-get install -y chromium chromium-driver)"
command -v apt-get >/dev/null || die "chromium/chromedriver missing and no apt-get here: install them by hand"
say "installing chromium and chromium-driver from the OS packages"
DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || die "chromium or chromedriver still missing after the install"
say "browser: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
