#!/usr/bin/env bash
# The test command: makes sure MariaDB, Redis and Kafka run, checks the alert rules with promtool, then runs every
# unit and integration test.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl reservation-service -am
source "$(dirname "$0")/lib.sh"
find_jdk
say "JDK: $JAVA_HOME"
"$ROOT/scripts/infra-up.sh"
# headless Chromium and chromedriver for the operator console's browser test (e2e-tests, OperatorConsoleIT)
"$ROOT/scripts/browser.sh"
# the Prometheus alert rules: promtool's check and unit tests (seconds; infra/prometheus/alerts-test.yml)
"$ROOT/scripts/alert-rules-check.sh"
cd "$ROOT"
# the integration tests use the processes just started; CONCERT_TEST_INFRA=containers (or auto: containers when a
# Docker-compatible engine answers) runs them on Testcontainers instead (test-support's TestInfrastructure)
export CONCERT_TEST_INFRA="${CONCERT_TEST_INFRA:-local}"
mvnw verify "$@"
