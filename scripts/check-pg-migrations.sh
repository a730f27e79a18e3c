#!/usr/bin/env bash
# Runs every PostgreSQL migration up, each down in reverse order, and up again, in a fresh
# schema, so the twin of migrations/sqlite stays valid until the Postgres backend uses it.
set -euo pipefail
url="${1:-postgres://postgres@127.0.0.1:5432/test}"
dir="$(cd "$(dirname "$0")/.." && pwd)/migrations/postgres"
if ! command -v psql >/dev/null; then
  echo "psql not found: install postgresql-client to check the PostgreSQL migrations" >&2
  exit 1
fi
if ! psql "$url" -qtAc 'select 1' >/dev/null 2>&1; then
  echo "PostgreSQL is not reachable at $url" >&2
  exit 1
fi
schema="pp_migrations_$$_$(date +%s)"
run() { PGOPTIONS="-c search_path=$schema" psql "$url" -v ON_ERROR_STOP=1 -q -f "$1"; }
psql "$url" -qc "CREATE SCHEMA $schema"
trap 'PGOPTIONS="-c client_min_messages=warning" psql "$url" -qc "DROP SCHEMA IF EXISTS $schema CASCADE"' EXIT
mapfile -t migrations < <(find "$dir" -mindepth 1 -maxdepth 1 -type d | sort)
for m in "${migrations[@]}"; do run "$m/up.sql"; done
for ((i=${#migrations[@]}-1; i>=0; i--)); do run "${migrations[$i]}/down.sql"; done
left=$(psql "$url" -qtAc "select count(*) from information_schema.tables where table_schema = '$schema'")
if [ "$left" != "0" ]; then echo "down migrations left $left tables behind" >&2; exit 1; fi
for m in "${migrations[@]}"; do run "$m/up.sql"; done
echo "postgres migrations: ${#migrations[@]} applied, reverted and re-applied"
