#!/usr/bin/env bash
# One-command demo on a fresh Debian machine with the .NET SDK, run as root:
# installs the PostgreSQL server if missing, builds pgsnap (Native AOT when a C toolchain is present), starts a
# throwaway local cluster, loads a sample database, dumps it with pgsnap, verifies the archive (checksums, row
# counts, the critical tables present and not empty), restores it into a second database, shows that both match,
# and removes the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

say() { printf '\n== %s\n' "$*"; }

# 1. PostgreSQL server binaries (initdb, pg_ctl) and the reference clients (psql, pg_dump) for the comparison.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing the postgresql package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# 2. pgsnap itself: the single native binary if the AOT toolchain (clang or gcc) is there, else the managed build.
if command -v clang >/dev/null || command -v gcc >/dev/null; then
    say "publishing pgsnap with Native AOT (first time: a minute or two)"
    dotnet publish src/PgSnap.Cli -c Release -r linux-x64 -o artifacts/demo -nologo -v quiet
    pgsnap=("$repo/artifacts/demo/pgsnap")
else
    say "building pgsnap (no C toolchain for Native AOT: using the managed build)"
    dotnet build src/PgSnap.Cli -c Release -nologo -v quiet
    pgsnap=(dotnet "$repo/src/PgSnap.Cli/bin/Release/net10.0/pgsnap.dll")
fi
"${pgsnap[@]}" --version

# 3. A throwaway cluster in a temporary folder (PostgreSQL refuses to run as root: use the postgres OS user).
work=$(mktemp -d /tmp/pgsnap-demo.XXXXXX)
chmod 755 "$work"
port=$((20000 + RANDOM % 20000))
password="demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
as_pg=()
if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$work"
    as_pg=(runuser -u postgres --)
fi
cleanup() {
    if [ -f "$work/data/postmaster.pid" ]; then
        "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

say "starting a throwaway PostgreSQL cluster on port $port"
printf '%s\n' "$password" >"$work/pw"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pw"
"${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U postgres --pwfile "$work/pw" -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD=$password PGSSLMODE=disable
url() { echo "postgresql://postgres@127.0.0.1:$port/$1?sslmode=disable"; }
psql_() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

say "loading the sample database (clients, agents, agent_deployments, agent_calls, RLS, triggers)"
psql_ -d postgres -c "CREATE DATABASE sample" -c "CREATE DATABASE restored"
psql_ -d sample -f scripts/sample.sql

# 4. Dump, verify, restore: pgsnap reads the password from PGPASSWORD like libpq, so it is never on a command line.
say "pgsnap dump"
"${pgsnap[@]}" dump --url "$(url sample)" -f "$work/backup.sql.gz"
ls -l "$work/backup.sql.gz"

say "pgsnap verify"
"${pgsnap[@]}" verify "$work/backup.sql.gz" --require-table app.clients,app.agents,app.agent_calls --require-rows

say "pgsnap restore into a second database"
"${pgsnap[@]}" restore "$work/backup.sql.gz" --url "$(url restored)"

# 5. The demo's oracle: the same tables with the same row counts, and the same schema as pg_dump sees it.
say "comparing the two databases"
counts() {
    psql_ -d "$1" -At -c "
        SELECT format('%s.%s', schemaname, relname), (xpath('/row/n/text()',
               query_to_xml(format('SELECT count(*) AS n FROM %I.%I', schemaname, relname), false, true, '')))[1]::text
        FROM pg_stat_user_tables ORDER BY 1"
}
schema() { "$pgbin/pg_dump" --schema-only -d "$1" | grep -v -e '^\\restrict ' -e '^\\unrestrict '; }
counts sample >"$work/counts.sample"
counts restored >"$work/counts.restored"
schema sample >"$work/schema.sample"
schema restored >"$work/schema.restored"
printf '%-32s %10s %10s\n' table sample restored
paste -d'|' "$work/counts.sample" "$work/counts.restored" | awk -F'|' '{ printf "%-32s %10s %10s\n", $1, $2, $4 }'

ok=1
if ! diff -q "$work/counts.sample" "$work/counts.restored" >/dev/null; then
    echo "row counts differ:"; diff "$work/counts.sample" "$work/counts.restored" || true; ok=0
fi
if ! diff -u "$work/schema.sample" "$work/schema.restored" >"$work/schema.diff"; then
    echo "schemas differ (pg_dump --schema-only):"; head -60 "$work/schema.diff"; ok=0
fi
if [ "$ok" = 1 ]; then
    say "MATCH: same tables, same row counts, identical pg_dump --schema-only"
else
    say "MISMATCH"
    exit 1
fi
