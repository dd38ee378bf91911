#!/usr/bin/env bash
# Issue 13's benchmark at N synthetic reports (plus the demo's), through HTTP on the release
# build: the public scoreboard for the whole province over all time (p50 / p95 of REQS
# requests of its server function and of its page), and the live export of every public
# report (/thong-ke/phan-anh.csv: seconds, rows, MB, and the server's resident memory before
# the export and at its peak during it).
#   bench/stats.sh [N]              (default 1000000; SQLite, then PostgreSQL if it runs)
#   BENCH_DB=sqlite|postgres bench/stats.sh [N]
# Knobs: REQS (20), BENCH_PORT (3392). Exits non-zero only when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
REQS="${REQS:-20}"
PORT="${BENCH_PORT:-3392}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
WORK="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

kb() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

one() {
  local label="$1" url="$2"
  export DATABASE_URL="$url" PAHT_DATA_DIR="$WORK/$label" RUST_LOG=warn
  mkdir -p "$PAHT_DATA_DIR"
  local t0; t0=$(date +%s)
  "$BIN" seed-demo --reports 0 >/dev/null
  "$BIN" add-reports "$N" >/dev/null
  echo "$label: $N reports inserted in $(( $(date +%s) - t0 )) s"
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" PAHT_LOCAL_TILES=1 "$BIN" serve >"$WORK/$label.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  python3 - "$PORT" "$REQS" "$label" <<'PY'
import http.client, sys, time
port, reqs, label = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def timed(method, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    out = []
    for i in range(reqs + 2):
        t = time.perf_counter()
        body = "" if method == "POST" else None
        hdr = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else {}
        c.request(method, path, body=body, headers=hdr)
        r = c.getresponse(); data = r.read()
        if r.status != 200:
            sys.exit(f"{path}: {r.status} {data[:200]!r}")
        if i >= 2:
            out.append((time.perf_counter() - t) * 1000)
    out.sort()
    p = lambda q: out[min(len(out) - 1, int(round(q * (len(out) - 1))))]
    print(f"{label:<9} {method} {path:<28} p50 {p(.5):8.1f} ms   p95 {p(.95):8.1f} ms   ({len(data):,} bytes)")
timed("POST", "/api/reports/stats")
timed("GET", "/thong-ke")
PY
  local before; before=$(kb "$SERVER" VmRSS)
  local res; res=$(curl -s -o "$WORK/all.csv" -w '%{time_total} %{size_download} %{http_code}' \
    "http://127.0.0.1:$PORT/thong-ke/phan-anh.csv")
  local peak; peak=$(kb "$SERVER" VmHWM)
  local rows; rows=$(( $(wc -l <"$WORK/all.csv") - 1 ))
  read -r secs bytes code <<<"$res"
  [ "$code" = 200 ] || { echo "export answered $code" >&2; exit 1; }
  python3 -c "print(f'$label    export of every public report: {$rows:,} rows, {$bytes/1e6:.1f} MB in {$secs:.1f} s; server memory {$before/1024:.0f} MiB before, peak {$peak/1024:.0f} MiB')"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  rm -f "$WORK/all.csv"
}

DB="${BENCH_DB:-both}"
if [ "$DB" != postgres ]; then one sqlite "sqlite://$WORK/bench.db?mode=rwc"; fi
if [ "$DB" != sqlite ]; then
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    PGDB="paht_stats_$$"
    psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $PGDB"
    one postgres "postgres://postgres@127.0.0.1:5432/$PGDB"
    psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE $PGDB WITH (FORCE)"
  else
    echo "postgres  skipped: not running on 127.0.0.1:5432"
  fi
fi
