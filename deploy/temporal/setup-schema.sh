#!/bin/sh
# One-shot job on temporalio/admin-tools (docker-compose.yml's temporal-schema): creates Temporal's two
# databases as its own role, then sets up and updates their schemas to the image's version, as Temporal's
# setup scripts do. Every step is idempotent, so it runs at every `docker compose up` and upgrades the schema
# when the image tags move. temporal-sql-tool reads SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu
schema=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  if ! out=$(temporal-sql-tool --db "$db" create-database 2>&1); then
    case "$out" in
      *"already exists"*) echo "database $db exists" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
done
temporal-sql-tool --db temporal setup-schema -v 0.0
temporal-sql-tool --db temporal update-schema -d "$schema/temporal/versioned"
temporal-sql-tool --db temporal_visibility setup-schema -v 0.0
temporal-sql-tool --db temporal_visibility update-schema -d "$schema/visibility/versioned"
echo "Temporal schemas are up to date"
