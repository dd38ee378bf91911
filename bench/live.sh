#!/usr/bin/env bash
# Live updates under load (`GET /api/events`, server-sent events), on the release server:
#  1. one instance (SQLite; BENCH_PG=1 for PostgreSQL): the server's resident memory with no
#     stream and with CLIENTS idle streams open (target ≤ 300 MB at 10,000), then ROUNDS
#     changes of reports that FANOUT of those streams watch, made by the demo operator through
#     the console: time from each change to its `report` event on every watching stream
#     (p50/p99; target p99 ≤ 250 ms);
#  2. two instances on one PostgreSQL database: the streams on instance B, the changes
#     through instance A (so every event crosses LISTEN/NOTIFY); the same figures.
# The streams are anonymous visitors: FANOUT watch the changed reports, the others are idle
# pages watching 20 public reports each (they must receive nothing). Load client:
# bench/live_clients.py (Python 3 standard library only).
#   bench/live.sh
#   CLIENTS=10000 FANOUT=1000 ROUNDS=30 INTERVAL=0.5 CHANGE=status|note PHASES="single two" bench/live.sh
# CHANGE=status (default): real status changes, verify then dispatch of fresh reports
# (ROUNDS/2 reports, watched together); CHANGE=note: internal notes on one public report.
# Other knobs: SEED (demo reports, 2000), WORKERS (client processes, 4), HOLD (seconds the
# idle streams sit before the memory is read, 21: past one keep-alive ping), IDLE_WATCH
# (public reports each idle stream watches, 20; 0: none), BENCH_PORT, BENCH_KEEP (a folder
# to keep the JSON results and server logs in).
# Exits non-zero only when the benchmark could not run; missed targets are just reported.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS="${CLIENTS:-10000}"
FANOUT="${FANOUT:-1000}"
ROUNDS="${ROUNDS:-30}"
INTERVAL="${INTERVAL:-0.5}"
CHANGE="${CHANGE:-status}"
PHASES="${PHASES:-single two}"
SEED="${SEED:-2000}"
WORKERS="${WORKERS:-4}"
HOLD="${HOLD:-21}"
IDLE_WATCH="${IDLE_WATCH:-20}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
[ "$FANOUT" -le "$CLIENTS" ] || { echo "FANOUT ($FANOUT) > CLIENTS ($CLIENTS)" >&2; exit 1; }
case "$CHANGE" in status | note) ;; *) echo "CHANGE is status or note" >&2; exit 1 ;; esac
# Every stream is a socket in the server and one in a client process.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
[ "$(ulimit -n)" -gt $(( CLIENTS + 512 )) ] ||
  echo "warning: ulimit -n is $(ulimit -n); the server may refuse streams beyond that" >&2

WORK="$(mktemp -d)"
PORT_A="${BENCH_PORT:-3193}"
PORT_B=$(( PORT_A + 1 ))
SERVERS=()
DBS=()
CLIENT=""
CLIENT_PY="$(pwd)/bench/live_clients.py"

stop_servers() {
  local p
  for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; done
  # Graceful shutdown waits for open connections: give it 10 s, then kill.
  for _ in $(seq 1 20); do
    local alive=0
    for p in "${SERVERS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for p in "${SERVERS[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      echo "note: server $p still running 10 s after SIGTERM; killed" >&2
      kill -9 "$p" 2>/dev/null || true
    fi
    wait "$p" 2>/dev/null || true
  done
  SERVERS=()
}
cleanup() {
  # The load client first (its streams would hold the servers' graceful shutdown).
  if [ -n "$CLIENT" ] && kill -0 "$CLIENT" 2>/dev/null; then
    kill "$CLIENT" 2>/dev/null || true
    wait "$CLIENT" 2>/dev/null || true
  fi
  stop_servers
  local db
  for db in "${DBS[@]}"; do
    PGOPTIONS='--client-min-messages=warning' psql -h 127.0.0.1 -U postgres -d test -qc \
      "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export RUST_LOG=warn PAHT_LOCAL_TILES=1 PAHT_DATA_DIR="$WORK"
# The same secret on every instance (sessions and codes are checked with it).
PAHT_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export PAHT_SECRET

# new_pg_db NAME: a fresh database (dropped on exit) in $DATABASE_URL.
new_pg_db() {
  pg_isready -q -h 127.0.0.1 -p 5432 || return 1
  local db="paht_bench_live_$$_$1"
  DBS+=("$db")
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $db"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
}

# start_server NAME PORT: the release server in the background; its pid in $STARTED.
start_server() {
  local name="$1" port="$2"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" "$BIN" serve >"$WORK/server-$name.log" 2>&1 &
  STARTED=$!
  SERVERS+=("$STARTED")
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    kill -0 "$STARTED" 2>/dev/null || break
    sleep 0.5
  done
  echo "server $name did not start; its log:" >&2
  tail -n 30 "$WORK/server-$name.log" >&2
  exit 1
}

H=(-H 'sec-fetch-site: same-origin')

# login BASE NAME: the demo operator's session cookie ("paht_session=…") in $COOKIE.
login() {
  curl -fs -c "$WORK/$2.jar" -o /dev/null "${H[@]}" \
    --data-urlencode phone=0900000002 --data-urlencode 'password=Paht@2026demo' "$1/api/account/login"
  COOKIE=$(awk '$6 == "paht_session" { print $6 "=" $7 }' "$WORK/$2.jar")
  [ -n "$COOKIE" ] || { echo "operator login failed on $1" >&2; exit 1; }
}

# prepare BASE NAME: public codes for the idle streams ($WORK/NAME.pool), the changes
# ($WORK/NAME.tsv) and the codes the fan-out streams watch ($WATCH).
prepare() {
  local base="$1" name="$2" page
  for page in 1 2 3 4 5; do
    curl -fs "$base/?page=$page" | grep -o 'PA-[0-9]*-[0-9]*' || true
  done | awk '!seen[$0]++' >"$WORK/$name.pool"
  [ -s "$WORK/$name.pool" ] || { echo "no public report codes on $base/" >&2; exit 1; }
  : >"$WORK/$name.tsv"
  if [ "$CHANGE" = note ]; then
    WATCH=$(head -n1 "$WORK/$name.pool")
    for i in $(seq 1 "$ROUNDS"); do
      printf '/api/console/note\tcode=%s&text=bench+live+note+%s\t%s\n' "$WATCH" "$i" "$WATCH"
    done >>"$WORK/$name.tsv"
    return
  fi
  # Status changes: verify (public) then dispatch, on reports waiting in the "new" tab.
  local want=$(( (ROUNDS + 1) / 2 )) agency codes="" n=0 code v
  agency=$(curl -fs -b "$WORK/$name.jar" "${H[@]}" --data "" "$base/api/console/choices" |
    python3 -c "import sys, json; print(json.load(sys.stdin)['agencies'][0]['id'])")
  page=1
  while [ "$n" -lt "$want" ] && [ "$page" -le 20 ]; do
    local rows
    rows=$(curl -fs -b "$WORK/$name.jar" "${H[@]}" --data "filter[tab]=new&page=$page" "$base/api/console/inbox" |
      python3 -c "import sys, json; print(' '.join(r['code'] for r in json.load(sys.stdin)['rows']))")
    [ -n "$rows" ] || break
    for code in $rows; do
      [ "$n" -ge "$want" ] && break
      v=$(curl -fs -b "$WORK/$name.jar" "${H[@]}" --data "code=$code" "$base/api/console/report" |
        python3 -c "import sys, json; print(json.load(sys.stdin)['version'])")
      printf '/api/console/act\tcode=%s&version=%s&form[action]=verify&form[category]=ve_sinh_moi_truong&form[public]=true\t%s\n' \
        "$code" "$v" "$code" >>"$WORK/$name.tsv"
      printf '/api/console/act\tcode=%s&version=%s&form[action]=dispatch&form[agency]=%s\t%s\n' \
        "$code" "$((v + 1))" "$agency" "$code" >>"$WORK/$name.tsv"
      codes="$codes${codes:+,}$code"
      n=$((n + 1))
    done
    page=$((page + 1))
  done
  [ "$n" -gt 0 ] || { echo "no report in the operator's new tab" >&2; exit 1; }
  WATCH="$codes"
}

# measure NAME LABEL URL CHANGE_URL PID PID_LABEL [ALSO_PID ALSO_LABEL]
measure() {
  local name="$1" label="$2" url="$3" change_url="$4" pid="$5" pid_label="$6"
  local also=()
  [ $# -ge 8 ] && also=(--also-pid "$7" --also-label "$8")
  python3 "$CLIENT_PY" run --label "$label" --url "$url" --change-url "$change_url" \
    --pid "$pid" --pid-label "$pid_label" "${also[@]}" \
    --clients "$CLIENTS" --fanout "$FANOUT" --fanout-watch "$WATCH" \
    --idle-pool "$WORK/$name.pool" --idle-watch "$IDLE_WATCH" --changes "$WORK/$name.tsv" --rounds "$ROUNDS" \
    --interval "$INTERVAL" --workers "$WORKERS" --settle "$HOLD" \
    --cookie "$COOKIE" --json "$WORK/$name.json" &
  # In the background, so an interruption reaches the traps at once.
  CLIENT=$!
  local rc=0
  wait "$CLIENT" || rc=$?
  CLIENT=""
  return "$rc"
}

echo "PAHT live stream: $CLIENTS streams, $FANOUT watching, $ROUNDS changes ($CHANGE) every ≥ ${INTERVAL} s, $SEED demo reports"
RESULTS=()
FAILED=0
for phase in $PHASES; do
  case "$phase" in
  single)
    if [ "${BENCH_PG:-0}" = 1 ]; then
      new_pg_db single || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
      kind=PostgreSQL
    else
      export DATABASE_URL="sqlite://$WORK/single.db?mode=rwc"
      kind=SQLite
    fi
    "$BIN" seed-demo --reports "$SEED" >/dev/null
    start_server single "$PORT_A"
    A=$STARTED
    login "http://127.0.0.1:$PORT_A" single
    prepare "http://127.0.0.1:$PORT_A" single
    measure single "one instance ($kind)" "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_A" "$A" server || FAILED=1
    [ -f "$WORK/single.json" ] && RESULTS+=("$WORK/single.json")
    stop_servers
    ;;
  two)
    if ! new_pg_db two; then
      echo "two instances skipped: PostgreSQL is not running on 127.0.0.1:5432" >&2
      continue
    fi
    "$BIN" seed-demo --reports "$SEED" >/dev/null
    start_server A "$PORT_A"
    A=$STARTED
    start_server B "$PORT_B"
    B=$STARTED
    login "http://127.0.0.1:$PORT_A" two
    prepare "http://127.0.0.1:$PORT_A" two
    measure two "two instances (PG): B ← A" "http://127.0.0.1:$PORT_B" "http://127.0.0.1:$PORT_A" "$B" B "$A" A || FAILED=1
    [ -f "$WORK/two.json" ] && RESULTS+=("$WORK/two.json")
    stop_servers
    ;;
  *) echo "unknown phase $phase (single, two)" >&2; exit 1 ;;
  esac
done
[ "${#RESULTS[@]}" -gt 0 ] && python3 "$CLIENT_PY" summary "${RESULTS[@]}"
if [ -n "${BENCH_KEEP:-}" ]; then
  mkdir -p "$BENCH_KEEP" && cp "$WORK"/*.json "$WORK"/*.log "$BENCH_KEEP"/ 2>/dev/null || true
fi
exit "$FAILED"
