#!/bin/sh
# One-shot job on temporalio/admin-tools (docker-compose.yml's temporal-schema): creates Temporal's two
# databases as its own role, then sets up and updates their schemas to the image's version, as Temporal's
# setup scripts do. Every step is idempotent, so it runs at every `docker compose up` and upgrades the schema
# when the image tags move. temporal-sql-tool reads SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu
schema="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}/postgresql/v12"
# create-database leaves a database that exists alone, and setup-schema a schema already past 0.0.
for db in temporal temporal_visibility; do
  temporal-sql-tool --db "$db" create-database
done
temporal-sql-tool --db temporal setup-schema -v 0.0
temporal-sql-tool --db temporal update-schema -d "$schema/temporal/versioned"
temporal-sql-tool --db temporal_visibility setup-schema -v 0.0
temporal-sql-tool --db temporal_visibility update-schema -d "$schema/visibility/versioned"
echo "Temporal schemas are up to date"
