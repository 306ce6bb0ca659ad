#!/usr/bin/env bash
# Builds the real Temporal CLI dev server (with its Web UI) from its Go module into a per-version cache
# outside the repo and prints the binary's path. v1.5.1 is the newest tag `go install pkg@version` accepts:
# from v1.6.0 on the CLI's go.mod carries a `replace` directive, which `go install` refuses.
# A `temporal` named by TEMPORAL_CLI, or one on PATH with the same server version, is used instead.
set -euo pipefail
version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
expect_server="${TEMPORAL_SERVER_VERSION:-1.29.1}"
cache="${CUTOVER_CACHE:-$HOME/.cache/cutover}"
if [ -n "${TEMPORAL_CLI:-}" ]; then
  [ -x "$TEMPORAL_CLI" ] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1 && temporal --version 2>/dev/null | grep -q "Server $expect_server"; then
  command -v temporal; exit 0
fi
bin_dir="$cache/temporal-cli-$version"
bin="$bin_dir/temporal"
# `go install` sets no version string, so the server version tells whether a cached binary is the right one.
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "Server $expect_server"; then
  echo "$bin"; exit 0
fi
command -v go >/dev/null 2>&1 || { echo "go is needed to build the Temporal CLI" >&2; exit 1; }
mkdir -p "$bin_dir"
# Several callers (parallel test files, a dev server) may ask at once: one builds, the others wait for it
# instead of each compiling the same module on the same two cores.
exec 9>"$bin_dir.lock"
flock 9
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "Server $expect_server"; then
  echo "$bin"; exit 0
fi
echo "building Temporal CLI $version into $bin_dir (about 6 minutes cold on 2 cores)" >&2
start=$(date +%s)
GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
echo "built Temporal CLI in $(( $(date +%s) - start ))s" >&2
echo "$bin"
