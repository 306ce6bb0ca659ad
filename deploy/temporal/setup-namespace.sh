#!/bin/sh
# One-shot job on temporalio/admin-tools (docker-compose.yml's temporal-setup), once the server is healthy:
# creates Cutover's namespace if it is missing and registers the search attributes the workflows upsert
# (CUTOVER_SEARCH_ATTRIBUTES: Name=Type pairs, the list in src/workflows/search-attributes.ts). Idempotent.
# The temporal CLI reads TEMPORAL_ADDRESS (and TEMPORAL_TLS_* / TEMPORAL_API_KEY if the server wants them).
set -eu
namespace="${TEMPORAL_NAMESPACE:-default}"
tries=0
until temporal operator cluster health 2>/dev/null | grep -q SERVING; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "Temporal at $TEMPORAL_ADDRESS is not serving after 120 s" >&2; exit 1; }
  sleep 2
done
if ! temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  temporal operator namespace create --namespace "$namespace" --retention "${TEMPORAL_NAMESPACE_RETENTION:-30d}"
fi
tries=0
until existing=$(temporal operator search-attribute list --namespace "$namespace" 2>/dev/null); do
  tries=$((tries + 1))
  [ "$tries" -lt 30 ] || { echo "namespace $namespace is not ready after 60 s" >&2; exit 1; }
  sleep 2
done
for pair in $CUTOVER_SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$namespace" --name "$name" --type "$type"
  fi
done
echo "namespace $namespace has Cutover's search attributes"
