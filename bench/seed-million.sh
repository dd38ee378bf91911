#!/usr/bin/env bash
# How long do 1,000,000 synthetic reports take to insert (bulk inserts), on SQLite and
# PostgreSQL? Uses the release binary built by scripts/run or scripts/test.
#   bench/seed-million.sh [N]      (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

measure() {
  local label="$1" url="$2"
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" seed-demo --reports 0 >/dev/null
  local start end
  start=$(date +%s.%N)
  DATABASE_URL="$url" RUST_LOG=warn "$BIN" add-reports "$N"
  end=$(date +%s.%N)
  python3 -c "d = $end - $start; print(f'{\"$label\":<10} {$N:>9} reports in {d:7.1f} s  ({$N / d:,.0f} reports/s)')"
}

measure sqlite "sqlite://$WORK/bench.db?mode=rwc"
if pg_isready -q -h 127.0.0.1 -p 5432; then
  DB="paht_bench_$$"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB"
  measure postgres "postgres://postgres@127.0.0.1:5432/$DB"
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE $DB WITH (FORCE)"
else
  echo "postgres   skipped: not running on 127.0.0.1:5432"
fi
