#!/usr/bin/env bash
# Builds the real Temporal Server (temporal-server, the binary inside the temporalio/server image) and its
# temporal-sql-tool (inside temporalio/admin-tools) from their Go module into a per-version cache outside the
# repo, with the module's SQL schemas beside them in schema/, and prints the server's path. The CLI's dev
# server has no TLS, so the TLS, mTLS and API-key tests run this one; the deployment rehearsal runs both on
# PostgreSQL. They are built inside the Temporal CLI's module graph (same server version, same dependency
# versions), so after install-temporal-cli.sh they mostly reuse the Go build cache (about 30 s warm).
set -euo pipefail
version="${TEMPORAL_SERVER_VERSION:-1.29.1}"
cli_version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
cache="${CUTOVER_CACHE:-$HOME/.cache/cutover}"
if [ -n "${TEMPORAL_SERVER_BIN:-}" ]; then
  [ -x "$TEMPORAL_SERVER_BIN" ] || { echo "TEMPORAL_SERVER_BIN=$TEMPORAL_SERVER_BIN is not executable" >&2; exit 1; }
  echo "$TEMPORAL_SERVER_BIN"; exit 0
fi
bin_dir="$cache/temporal-server-v$version"
bin="$bin_dir/temporal-server"
ready() { [ -x "$bin" ] && [ -x "$bin_dir/temporal-sql-tool" ] && [ -d "$bin_dir/schema/postgresql" ] && "$bin" --version 2>/dev/null | grep -q "$version"; }
if ready; then
  echo "$bin"; exit 0
fi
command -v go >/dev/null 2>&1 || { echo "go is needed to build the Temporal Server" >&2; exit 1; }
mkdir -p "$bin_dir"
exec 9>"$bin_dir.lock"
flock 9
if ready; then
  echo "$bin"; exit 0
fi
echo "building Temporal Server $version into $bin_dir" >&2
start=$(date +%s)
cli_dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/temporalio/cli@$cli_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -f "$cli_dir/go.mod" ] || { echo "could not download github.com/temporalio/cli@$cli_version" >&2; exit 1; }
grep -q "go.temporal.io/server v$version\$" "$cli_dir/go.mod" || { echo "the CLI $cli_version does not pin Temporal Server $version" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$cli_dir/go.mod" "$cli_dir/go.sum" "$work/"
chmod u+w "$work/go.mod" "$work/go.sum"
sed -i '1s#.*#module cutover.local/temporal-server#' "$work/go.mod"
(cd "$work" && GOFLAGS=-mod=mod go build -o "$bin" go.temporal.io/server/cmd/server \
  && GOFLAGS=-mod=mod go build -o "$bin_dir/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql) >&2
server_dir=$(cd "$work" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' go.temporal.io/server)
rm -rf "$bin_dir/schema" && cp -r "$server_dir/schema" "$bin_dir/schema" && chmod -R u+w "$bin_dir/schema"
echo "built Temporal Server in $(( $(date +%s) - start ))s" >&2
echo "$bin"
