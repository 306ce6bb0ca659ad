#!/usr/bin/env bash
# The test command: on a fresh machine it installs what the tests need (Debian packages, npm packages,
# the Temporal CLI dev server built from its Go module, the Java time-skipping test server), starts a
# throwaway PostgreSQL on loopback, then runs typecheck, lint and the whole jest suite against real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/install-system-deps.sh
if [ "${CI:-}" = true ] || [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
export CUTOVER_TEST_TEMPORAL_CLI; CUTOVER_TEST_TEMPORAL_CLI="$(bash scripts/install-temporal-cli.sh)"
export CUTOVER_TEST_TIME_SKIPPING_SERVER; CUTOVER_TEST_TIME_SKIPPING_SERVER="$(bash scripts/install-test-server.sh)"
eval "$(bash scripts/start-test-postgres.sh)"
trap 'bash scripts/start-test-postgres.sh stop "$CUTOVER_TEST_PG_DIR"' EXIT
echo "set-up took $(( $(date +%s) - start ))s" >&2
npm test -- "$@"
