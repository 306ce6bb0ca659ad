#!/bin/sh
# The Cutover image's entrypoint. docker-compose.yml mounts deploy/config/ (a directory that always exists)
# at /config: its cutover.config.json is read when the operator has put one there, and no file is mounted
# that might be missing (Docker would create a directory in its place).
set -eu
if [ -z "${CUTOVER_CONFIG:-}" ] && [ -f /config/cutover.config.json ]; then
  export CUTOVER_CONFIG=/config/cutover.config.json
fi
exec "$@"
