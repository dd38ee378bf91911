#!/usr/bin/env bash
# The officials' console with many reports: seeds the demo data plus N synthetic reports
# (default 1,000,000), starts the release server, logs in as the demo operator and the
# demo agency lead, and times every inbox tab with and without filters (R runs each), then
# D dispatches end to end (verify first, then time the dispatch itself).
#   bench/console.sh [N] [R] [D]           SQLite
#   BENCH_PG=1 bench/console.sh ...        PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
R="${2:-20}"
D="${3:-30}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
WORK="$(mktemp -d)"
PORT="${BENCH_PORT:-3192}"
if [ "${BENCH_PG:-0}" = 1 ]; then
  DB="paht_bench_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
  cleanup_db() { psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE $DB WITH (FORCE)" || true; }
else
  export DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc"
  cleanup_db() { :; }
fi
export RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$PORT" PAHT_LOCAL_TILES=1 PAHT_DATA_DIR="$WORK"
"$BIN" seed-demo --reports 2000 >/dev/null
[ "$N" -gt 0 ] && "$BIN" add-reports "$N" >/dev/null
"$BIN" serve >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; cleanup_db; rm -rf "$WORK"' EXIT
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
B="http://127.0.0.1:$PORT"
H=(-H 'sec-fetch-site: same-origin')

login() {
  curl -fs -c "$WORK/$1.jar" -o /dev/null "${H[@]}" \
    --data-urlencode "phone=$2" --data-urlencode 'password=Paht@2026demo' "$B/api/account/login"
}
login op 0900000002
login lead 0900000003

stats() {
  python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.stdin if x.strip())
print(f'{\"$1\":<58} median {t[len(t)//2]:7.1f} ms   p95 {t[min(len(t)-1, int(len(t)*0.95))]:7.1f} ms')"
}

time_inbox() {
  local label="$1" jar="$2" form="$3"
  for _ in $(seq 1 "$R"); do
    curl -s -o /dev/null -w '%{time_total}\n' -b "$WORK/$jar.jar" "${H[@]}" --data "$form" "$B/api/console/inbox"
  done | stats "$label"
}

echo "PAHT console, $(( N + 2000 )) reports, $R runs each, $( [ "${BENCH_PG:-0}" = 1 ] && echo PostgreSQL || echo SQLite)"
for tab in new to_dispatch returned to_approve extensions overdue due_soon; do
  time_inbox "operator $tab" op "filter[tab]=$tab&page=1"
  time_inbox "operator $tab, district + urgent" op "filter[tab]=$tab&filter[district]=QT-DONGHA&filter[level]=urgent&page=1"
  time_inbox "operator $tab, category + dates, page 5" op "filter[tab]=$tab&filter[category]=ve_sinh_moi_truong&filter[from]=2025-01-01&filter[to]=2026-12-31&page=5"
done
time_inbox "operator new, words" op "filter[tab]=new&filter[q]=%E1%BB%95+g%C3%A0&page=1"
for tab in mine unassigned agency overdue due_soon; do
  time_inbox "agency lead $tab" lead "filter[tab]=$tab&page=1"
done

# Dispatch end to end: reports verified first (untimed), then each dispatch timed.
CODES=$(curl -s -b "$WORK/op.jar" "${H[@]}" --data "filter[tab]=new&page=1" "$B/api/console/inbox" \
  | python3 -c "import sys, json; print(' '.join(r['code'] for r in json.load(sys.stdin)['rows']))")
AGENCY=$(curl -s -b "$WORK/op.jar" "${H[@]}" --data "" "$B/api/console/choices" \
  | python3 -c "import sys, json; print(json.load(sys.stdin)['agencies'][0]['id'])")
n=0
for code in $CODES; do
  [ "$n" -ge "$D" ] && break
  v=$(curl -s -b "$WORK/op.jar" "${H[@]}" --data "code=$code" "$B/api/console/report" | python3 -c "import sys, json; print(json.load(sys.stdin)['version'])")
  curl -s -o /dev/null -b "$WORK/op.jar" "${H[@]}" --data "code=$code&version=$v&form[action]=verify&form[category]=ve_sinh_moi_truong" "$B/api/console/act"
  echo "$code $((v + 1))"
  n=$((n + 1))
done > "$WORK/verified"
while read -r code v; do
  curl -s -o /dev/null -w '%{time_total}\n' -b "$WORK/op.jar" "${H[@]}" \
    --data "code=$code&version=$v&form[action]=dispatch&form[agency]=$AGENCY" "$B/api/console/act"
done < "$WORK/verified" | stats "dispatch one report (n=$(wc -l < "$WORK/verified"))"
echo "server RSS after the run: $(ps -o rss= -p $PID | awk '{printf "%.0f MiB", $1/1024}')"
