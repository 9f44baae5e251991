#!/usr/bin/env bash
# Clones this repository into a mode-700 directory (as a checkout under /root
# is), then starts the embedded PostgreSQL there with `npm run db:start`,
# queries it and stops it with SIGINT, as a developer's Ctrl-C would.
set -euo pipefail
root=$(pwd)
locked=$(mktemp -d)
chmod 700 "$locked"
pid=
trap '[ -n "$pid" ] && kill -INT -- "-$pid" 2>/dev/null; sleep 1; rm -rf "$locked"' EXIT
git clone -q "$root" "$locked/portal"
cp -al "$root/node_modules" "$locked/portal/node_modules"
cd "$locked/portal"
export PGPORT=54359
# Its own process group, so that the Ctrl-C below reaches every process of it, as a terminal's would.
setsid npm run -s db:start >"$locked/db.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  grep -q "is running" "$locked/db.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$locked/db.log"; echo "db:start exited early"; exit 1; }
  sleep 0.5
done
grep -q "is running" "$locked/db.log" || { cat "$locked/db.log"; echo "db:start did not start"; exit 1; }
node --input-type=module -e '
  import pg from "pg";
  import nextEnv from "@next/env";
  nextEnv.loadEnvConfig(process.cwd(), false, { info() {}, error: console.error });
  const url = `postgresql://postgres:${encodeURIComponent(process.env.EMBEDDED_POSTGRES_PASSWORD)}@127.0.0.1:${process.env.PGPORT}/staff_portal`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT current_setting($$server_version$$) AS v, current_setting($$data_directory$$) AS d");
  console.log(`embedded PostgreSQL ${rows[0].v} answered from a mode-700 checkout (data in ${rows[0].d})`);
  await client.end();
'
# Ctrl-C: SIGINT to the whole foreground group; the script stops PostgreSQL cleanly.
kill -INT -- "-$pid"
wait "$pid" || true
pid=
grep -q "PostgreSQL stopped." "$locked/db.log" || { cat "$locked/db.log"; echo "PostgreSQL did not stop cleanly"; exit 1; }
echo "embedded PostgreSQL: started, queried and stopped from $locked/portal"
# The cluster's data went to the temp directory (PostgreSQL's user cannot reach the checkout).
data=$(readlink -f .data/postgres)
case "$data" in "$locked"/*) ;; *) rm -rf "$(dirname "$data")" ;; esac
