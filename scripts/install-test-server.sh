#!/usr/bin/env bash
# Fetches the Java time-skipping test server (io.temporal:temporal-test-server) and its classpath from
# Maven Central into the per-version cache, writes a wrapper that @temporalio/testing can start as an
# `existing-path` executable or that the tests start themselves (`<port>`), and prints the wrapper's path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=1.31.0
cache="${CUTOVER_CACHE:-$HOME/.cache/cutover}"
dir="$cache/temporal-test-server-$version"
wrapper="$dir/temporal-test-server"
if [ -x "$wrapper" ] && [ -s "$dir/cp.txt" ] && [ -z "$(tr ':' '\n' < "$dir/cp.txt" | while read -r jar; do [ -f "$jar" ] || echo missing; done)" ]; then
  echo "$wrapper"; exit 0
fi
command -v mvn >/dev/null 2>&1 || { echo "mvn is needed to fetch the Temporal test server" >&2; exit 1; }
mkdir -p "$dir"
# Parallel callers wait for one resolution instead of racing Maven into the same files.
exec 9>"$dir.lock"
flock 9
if [ -x "$wrapper" ] && [ -s "$dir/cp.txt" ]; then echo "$wrapper"; exit 0; fi
echo "resolving io.temporal:temporal-test-server:$version with Maven" >&2
mvn -q -B -f "$here/temporal-test-server/pom.xml" dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" >&2
cat > "$wrapper" <<WRAP
#!/usr/bin/env bash
exec java -cp "\$(cat "$dir/cp.txt")" io.temporal.testserver.TestServer "\$@"
WRAP
chmod +x "$wrapper"
echo "$wrapper"
