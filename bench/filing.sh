#!/usr/bin/env bash
# Filing's media path on the release server (fresh SQLite, or BENCH_PG=1 for PostgreSQL):
#  1. photos of about 5 MB (4000 × 3000, camera-like noise, JPEG q90) uploaded three at a time, as a
#     citizen attaching three photos: time until each is accepted and thumbnailed
#     (median and 95th percentile over R rounds);
#  2. the server's resident memory while 20 clients upload 20 MB each at once (uploads are
#     streamed to a spool file, so it must grow by far less than the 400 MB sent).
#   bench/filing.sh [R]
# Needs python3 (Pillow is installed into a private venv on first use, to make the photos).
set -euo pipefail
cd "$(dirname "$0")/.."
R="${1:-10}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}/release/paht"
[ -x "$BIN" ] || { echo "build first: scripts/run or cargo leptos build --release" >&2; exit 1; }
WORK="$(mktemp -d)"
PORT="${BENCH_PORT:-3191}"
VENV="${BENCH_VENV:-$HOME/.cache/paht-bench-venv}"
if ! "$VENV/bin/python" -c "import PIL" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "pillow==11.3.0"
fi
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
"$BIN" seed-demo --reports 200 >/dev/null
"$BIN" serve >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; cleanup_db; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"

# The demo citizen's session.
JAR="$WORK/cookies"
curl -fs -c "$JAR" -o /dev/null -H 'sec-fetch-site: same-origin' \
  --data-urlencode phone=0900000005 --data-urlencode 'password=Paht@2026demo' "$BASE/api/account/login"

"$VENV/bin/python" - "$WORK" <<'PY'
import sys
from PIL import Image, ImageFilter
work = sys.argv[1]
for i in range(3):
    # Camera-like detail: noise softened a little, in colour, saved as a phone would.
    bands = [Image.effect_noise((4000, 3000), 40 + 10 * b).filter(ImageFilter.GaussianBlur(0.8)) for b in range(3)]
    Image.merge("RGB", bands).save(f"{work}/photo{i}.jpg", quality=90)
PY
ls -l "$WORK"/photo*.jpg | awk '{printf "photo: %.1f MB\n", $5/1048576}'

summary() {
  python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.stdin if x.strip())
p = lambda q: t[min(len(t) - 1, int(round(q * (len(t) - 1))))]
print(f'$1: n={len(t)} p50={p(.5):.0f} ms p95={p(.95):.0f} ms max={t[-1]:.0f} ms')
"
}

: >"$WORK/times"
for round in $(seq 1 "$R"); do
  pids=()
  for i in 0 1 2; do
    curl -s -b "$JAR" -o "$WORK/answer-$round-$i" -w '%{time_total}\n' -H 'sec-fetch-site: same-origin' \
      -H 'content-type: application/octet-stream' --data-binary "@$WORK/photo$i.jpg" \
      "$BASE/media/upload?kind=photo&name=photo$i.jpg" >>"$WORK/times" &
    pids+=($!)
  done
  # Only the uploads: a bare `wait` would wait for the server too.
  wait "${pids[@]}"
  # Keep under the per-account limit of unattached uploads: remove what was just sent.
  for i in 0 1 2; do
    id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$WORK/answer-$round-$i")
    curl -fs -b "$JAR" -o /dev/null -H 'sec-fetch-site: same-origin' --data "id=$id" "$BASE/api/media/remove"
  done
done
summary "3 photos of ~5 MB at once, accepted and thumbnailed" <"$WORK/times"

# 20 uploads of 20 MB at once (as videos: stored as sent, so only the streaming is measured).
python3 -c "
import os, sys
head = b'\0\0\0\x18ftypisom\0\0\0\0isomiso2'
open(sys.argv[1], 'wb').write(head + os.urandom(20 * 1024 * 1024 - len(head)))
" "$WORK/video.mp4"
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
BEFORE=$(rss)
PEAK=$BEFORE
: >"$WORK/codes"
pids=()
for c in $(seq 1 20); do
  curl -s -b "$JAR" -o /dev/null -w '%{http_code}\n' -H 'sec-fetch-site: same-origin' \
    -H 'content-type: application/octet-stream' --data-binary "@$WORK/video.mp4" \
    "$BASE/media/upload?kind=video&name=v$c.mp4" >>"$WORK/codes" &
  pids+=($!)
done
running() { for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
while running; do
  now=$(rss); [ "$now" -gt "$PEAK" ] && PEAK=$now
  sleep 0.1
done
wait "${pids[@]}"
echo "20 × 20 MB uploads at once: $(sort "$WORK/codes" | uniq -c | tr '\n' ' ')"
echo "server RSS: before $((BEFORE / 1024)) MB, peak $((PEAK / 1024)) MB, growth $(((PEAK - BEFORE) / 1024)) MB"
