#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests and print its URL (use it as MARSAD_TEST_PG).
# Installs Debian's postgresql package when missing. Idempotent: safe to run again.
set -euo pipefail
PGUSER_NAME=${PGUSER_NAME:-marsad}
PGPASS=${PGPASS:-marsad}
PGDB=${PGDB:-marsad_test}
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
VER=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$VER main$"; then
  pg_createcluster "$VER" main >&2
fi
pg_ctlcluster "$VER" main start >&2 || true   # already running is fine
for _ in $(seq 1 30); do
  pg_isready -q -h localhost -p 5432 && break
  sleep 1
done
as_pg() { (cd / && su postgres -c "$*"); }
if ! as_pg "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_NAME'\"" | grep -q 1; then
  as_pg "psql -q -c \"CREATE ROLE $PGUSER_NAME LOGIN PASSWORD '$PGPASS' CREATEDB\"" >&2
fi
if ! as_pg "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='$PGDB'\"" | grep -q 1; then
  as_pg "createdb -O $PGUSER_NAME $PGDB" >&2
fi
echo "postgresql://$PGUSER_NAME:$PGPASS@localhost:5432/$PGDB"
