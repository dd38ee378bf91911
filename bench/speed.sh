#!/usr/bin/env bash
# Issue 12's one table: every public read endpoint at N synthetic reports, through HTTP
# (p50/p95, bytes), against its ceiling (nginx serving the very same bytes as a static file,
# req/s at 16 connections), p99 at a fixed 200 req/s, and the bare SQL of the same query;
# then the wasm size (raw / brotli) and the slow-4G first and second visit of the home map.
#   bench/speed.sh [N]                 SQLite (N synthetic reports, default 1,000,000, plus
#                                      the 2,000 demo reports)
#   BENCH_PG=1 bench/speed.sh [N]      PostgreSQL (postgres://postgres@127.0.0.1:5432)
#   BENCH_DB=both bench/speed.sh [N]   SQLite, then PostgreSQL; one table with a DB column
# Needs the release build (scripts/run, or cargo leptos build --release --precompress), and
# Debian's wrk and nginx (apt-get install -y wrk nginx). Helpers: bench/speed_load.py (load,
# SQL, table), bench/speed_slow4g.mjs (headless Chromium through end2end's Playwright).
# Knobs: REQS WARMUP CONC WRK_THREADS WRK_SECONDS RATE RATE_SECONDS ONLY (see
# bench/speed_load.py), BENCH_PORT (server, 3380-3389; default the first free from 3381),
# NGINX_PORT (default 3390, else the next free up to 3399), RARE (the rare search word),
# SLOW4G=0 (skip the browser), BENCH_KEEP=DIR (keep the JSON results and logs there).
# Exits non-zero only when the benchmark could not run; missed targets are just reported.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
N="${1:-1000000}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
for tool in wrk nginx sqlite3 psql node python3 ss curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "missing $tool (apt-get install -y wrk nginx)" >&2; exit 1; }
done
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
BIN_STAMP="$(ls -l --time-style=full-iso "$BIN" | awk '{print $6, substr($7, 1, 8)}')"
# The server names the bundle from hash.txt next to the binary: it must match target/site/pkg
# (a build running meanwhile rewrites one and not yet the other; the page then asks for a
# wasm file that does not exist and the map never shows a marker).
HASHES="$(dirname "$BIN")/hash.txt"
if [ -f "$HASHES" ]; then
  while read -r kind hash; do
    kind="${kind%:}"
    [ -n "$hash" ] || continue
    ls target/site/pkg/*."$hash".* >/dev/null 2>&1 || {
      echo "inconsistent build: $HASHES names the $kind $hash, which target/site/pkg does not hold (a build running?)" >&2
      exit 1
    }
  done <"$HASHES"
fi
case "${BENCH_DB:-}" in
  both) DBS=(sqlite postgres) ;;
  pg | postgres) DBS=(postgres) ;;
  sqlite) DBS=(sqlite) ;;
  "") if [ "${BENCH_PG:-0}" = 1 ]; then DBS=(postgres); else DBS=(sqlite); fi ;;
  *) echo "BENCH_DB is sqlite, postgres or both" >&2; exit 1 ;;
esac

port_free() { [ -z "$(ss -Htln "sport = :$1")" ]; }
pick_port() { # pick_port FIRST LAST
  local p
  for p in $(seq "$1" "$2"); do port_free "$p" && { echo "$p"; return 0; }; done
  return 1
}
PORT="${BENCH_PORT:-$(pick_port 3381 3389 || true)}"
NGINX_PORT="${NGINX_PORT:-$(pick_port 3390 3399 || true)}"
[ -n "$PORT" ] && [ -n "$NGINX_PORT" ] || { echo "no free port in 3381-3399" >&2; exit 1; }
for p in "$PORT" "$NGINX_PORT"; do
  { [ "$p" -ge 3380 ] && [ "$p" -le 3399 ]; } || { echo "port $p outside 3380-3399" >&2; exit 1; }
  port_free "$p" || { echo "port $p is taken:" >&2; ss -ltnp "sport = :$p" >&2; exit 1; }
done

WORK="$(mktemp -d)"
# nginx's workers run as an unprivileged user: their files lie in a folder of their own
# that they may read (not the one holding the database).
NGX="$(mktemp -d)"
chmod 755 "$NGX"
mkdir -p "$NGX/static" "$NGX/tmp"
SERVER=""
NGINX=""
PGDB=""
stop_server() {
  [ -n "$SERVER" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}
drop_pg() {
  [ -n "$PGDB" ] || return 0
  PGOPTIONS='--client-min-messages=warning' psql -h 127.0.0.1 -U postgres -d test -qc \
    "DROP DATABASE IF EXISTS $PGDB WITH (FORCE)" || true
  PGDB=""
}
cleanup() {
  stop_server
  if [ -n "$NGINX" ]; then
    kill "$NGINX" 2>/dev/null || true # the master; its workers follow
    wait "$NGINX" 2>/dev/null || true
  fi
  drop_pg
  if [ -n "${BENCH_KEEP:-}" ]; then mkdir -p "$BENCH_KEEP" && cp -r "$WORK"/*.json "$WORK"/*.log "$BENCH_KEEP"/ 2>/dev/null || true; fi
  rm -rf "$WORK" "$NGX"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nginx on loopback, its own prefix, in the foreground of a background job (pid = master).
cat >"$NGX/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $NGX/tmp/body;
  proxy_temp_path $NGX/tmp/proxy;
  fastcgi_temp_path $NGX/tmp/fastcgi;
  uwsgi_temp_path $NGX/tmp/uwsgi;
  scgi_temp_path $NGX/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $NGX/static;
  }
}
EOF
"$NGINX_BIN" -p "$NGX" -e "$NGX/error.log" -c "$NGX/nginx.conf" &
NGINX=$!
for _ in $(seq 1 40); do port_free "$NGINX_PORT" || break; sleep 0.25; done
port_free "$NGINX_PORT" && { echo "nginx did not start:" >&2; cat "$NGX/error.log" >&2; exit 1; }

export RUST_LOG=warn PAHT_LOCAL_TILES=1 PAHT_DATA_DIR="$WORK/data"
mkdir -p "$PAHT_DATA_DIR"
now() { date +%s.%N; }
secs() { python3 -c "print(round($2 - $1, 1))"; }

RESULTS=()
for db in "${DBS[@]}"; do
  if [ "$db" = postgres ]; then
    pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
    PGDB="paht_bench_speed_$$"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $PGDB"
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$PGDB"
    SQL_TARGET="$DATABASE_URL"
  else
    rm -f "$WORK"/bench.db*
    export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
    SQL_TARGET="$WORK/bench.db"
  fi
  echo "[$db] seeding: 2,000 demo reports + $N synthetic…" >&2
  t0=$(now)
  "$BIN" seed-demo --reports 2000 >"$WORK/seed-$db.log" 2>&1 || { tail -n 20 "$WORK/seed-$db.log" >&2; exit 1; }
  t1=$(now)
  if [ "$N" -gt 0 ]; then
    "$BIN" add-reports "$N" >>"$WORK/seed-$db.log" 2>&1 || { tail -n 20 "$WORK/seed-$db.log" >&2; exit 1; }
  fi
  t2=$(now)
  SEED_DEMO_S=$(secs "$t0" "$t1")
  ADD_S=$(secs "$t1" "$t2")
  echo "[$db] seeded: seed-demo ${SEED_DEMO_S} s, add-reports $N ${ADD_S} s" >&2

  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" "$BIN" serve >"$WORK/server-$db.log" 2>&1 &
  SERVER=$!
  up=0
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && { up=1; break; }
    kill -0 "$SERVER" 2>/dev/null || break
    sleep 0.5
  done
  [ "$up" = 1 ] || { echo "server did not start; its log:" >&2; tail -n 30 "$WORK/server-$db.log" >&2; exit 1; }

  META="$WORK/meta-$db.json"
  # The browser first (a cold server cache is a first visit's reality too).
  S4="{}"
  S4ERR=""
  if [ "${SLOW4G:-1}" != 0 ]; then
    echo "[$db] slow-4G visits in headless Chromium…" >&2
    if ! S4="$(timeout 300 node bench/speed_slow4g.mjs "http://127.0.0.1:$PORT/" 2>"$WORK/slow4g-$db.log")"; then
      S4ERR="$(tail -n 3 "$WORK/slow4g-$db.log" | tr '\n' ' ')"
      S4="{}"
    fi
  fi
  python3 - "$META" "$SEED_DEMO_S" "$ADD_S" "$N" "$S4" "$S4ERR" <<'EOF'
import json, sys
out, demo, add, n, s4, err = sys.argv[1:]
m = {"seed_demo_s": float(demo), "add_reports_s": float(add), "added": int(n)}
s4 = json.loads(s4 or "{}")
if s4: m["slow4g"] = s4
if err: m["slow4g_error"] = err
json.dump(m, open(out, "w"))
EOF
  echo "[$db] endpoints…" >&2
  rm -f "$NGX"/static/*
  python3 bench/speed_load.py run --db "$db" --port "$PORT" --nginx-port "$NGINX_PORT" \
    --static "$NGX/static" --sql "$SQL_TARGET" --rare "${RARE:-vanh dai}" \
    --meta "$META" --out "$WORK/result-$db.json"
  RSS=$(ps -o rss= -p "$SERVER" | awk '{printf "%.0f", $1/1024}')
  python3 -c "
import json, sys
p = sys.argv[1]; d = json.load(open(p)); d['meta']['rss_mib'] = int(sys.argv[2]); json.dump(d, open(p, 'w'), ensure_ascii=False)
" "$WORK/result-$db.json" "$RSS"
  RESULTS+=("$WORK/result-$db.json")
  stop_server
  drop_pg
done

echo
echo "PAHT public reads at $(( N + 2000 )) reports ($(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M UTC'), release binary of $BIN_STAMP UTC)"
NOW_STAMP="$(ls -l --time-style=full-iso "$BIN" | awk '{print $6, substr($7, 1, 8)}')"
[ "$NOW_STAMP" = "$BIN_STAMP" ] ||
  echo "WARNING: the binary was rebuilt during the run ($NOW_STAMP); the servers measured ran the one of $BIN_STAMP"
python3 bench/speed_load.py table "${RESULTS[@]}" --wasm-dir "$ROOT/target/site/pkg"
