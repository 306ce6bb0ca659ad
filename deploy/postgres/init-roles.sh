#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume (/docker-entrypoint-initdb.d):
# one login role for Temporal (it creates and owns its two databases, temporal-sql-tool does that) and one for
# Cutover (owner of the cutover database, which no other role may connect to). Neither is a superuser. The
# passwords come from the environment and reach psql as variables, never spliced into the SQL text.
set -eu
: "${TEMPORAL_DB_PASSWORD:?}" "${CUTOVER_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" -v cutover_password="$CUTOVER_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
CREATE ROLE cutover LOGIN PASSWORD :'cutover_password';
CREATE DATABASE cutover OWNER cutover;
REVOKE ALL ON DATABASE cutover FROM PUBLIC;
SQL
