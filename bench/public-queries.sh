#!/usr/bin/env bash
# Latency of the public map and list with many reports: seeds a database with the demo
# data plus N synthetic reports (default 1,000,000), starts the release server on it, and
# times each request shape R times (median and 95th percentile, milliseconds).
#   bench/public-queries.sh [N] [R]          SQLite
#   BENCH_PG=1 bench/public-queries.sh ...   PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
R="${2:-30}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
WORK="$(mktemp -d)"
PORT="${BENCH_PORT:-3190}"
if [ "${BENCH_PG:-0}" = 1 ]; then
  DB="paht_bench_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
  cleanup_db() { psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE $DB WITH (FORCE)" || true; }
else
  export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
  cleanup_db() { :; }
fi
export RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$PORT" PAHT_LOCAL_TILES=1
"$BIN" seed-demo --reports 2000 >/dev/null
[ "$N" -gt 0 ] && "$BIN" add-reports "$N" >/dev/null
"$BIN" serve >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; cleanup_db; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done

time_it() {
  local label="$1"; shift
  local times=()
  for _ in $(seq 1 "$R"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "$@")")
  done
  printf '%s\n' "${times[@]}" | python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.stdin)
print(f'{\"$label\":<44} median {t[len(t)//2]:7.1f} ms   p95 {t[min(len(t)-1, int(len(t)*0.95))]:7.1f} ms')"
}

B="http://127.0.0.1:$PORT"
PROVINCE="106.2,16.2,107.6,17.3"
CITY="107.05,16.78,107.15,16.86"
STREET="107.095,16.815,107.105,16.822"
echo "PAHT public queries, $(( N + 2000 )) reports, $R runs each, $( [ "${BENCH_PG:-0}" = 1 ] && echo PostgreSQL || echo SQLite)"
time_it "home page, no filter (SSR, list page 1)" "$B/"
time_it "home page, province view" "$B/?bbox=$PROVINCE"
time_it "home page, city view, page 5" "$B/?bbox=$CITY&page=5"
time_it "home page, search words" "$B/?q=%E1%BB%95+g%C3%A0"
time_it "map markers, province view (clusters)" -X POST --data-urlencode "filter[bbox]=$PROVINCE" "$B/api/reports/map"
time_it "map markers, city view" -X POST --data-urlencode "filter[bbox]=$CITY" "$B/api/reports/map"
time_it "map markers, street view (single reports)" -X POST --data-urlencode "filter[bbox]=$STREET" "$B/api/reports/map"
CODE=$(curl -s "$B/?bbox=$CITY" | grep -o 'PA-[0-9]*-[0-9]*' | head -n1 || true)
if [ -n "$CODE" ]; then time_it "report page $CODE" "$B/reports/$CODE"; fi
echo "server RSS after the run: $(ps -o rss= -p $PID | awk '{printf "%.0f MiB", $1/1024}')"
