# Sourced by scripts/run and scripts/test: installs what is missing, sets PATH and the
# shared build folder. Safe to source again: every step checks before it installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION="0.3.10"
WASM_BINDGEN_VERSION="0.2.130"

# One build folder outside the clone, shared by every clone on this machine:
# a fresh clone then reuses the compiled dependencies (a cold build takes many minutes).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/paht-target}"
mkdir -p "$CARGO_TARGET_DIR"
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_rust_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes on 2 cores, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: its lockfile names a crate version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

# npm packages of tools/: wasm-opt (binaryen; Debian's breaks hydration) and Leaflet.
ensure_node_tools() {
  if ! command -v npm >/dev/null; then
    say "installing Node.js and npm"
    apt_install nodejs npm
  fi
  if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing build tools from npm (tools/)"
    (cd tools && npm ci --no-audit --no-fund)
  fi
}

APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_chromium() {
  if ! [ -x /usr/bin/chromium ]; then
    say "installing Chromium (Debian package)"
    apt_install chromium
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the end-to-end test runner (end2end/)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432
}

# Copies Leaflet from npm into public/ when the vendored copy is missing.
vendor_assets() {
  if [ ! -f public/leaflet/leaflet.js ]; then
    mkdir -p public/leaflet
    cp tools/node_modules/leaflet/dist/leaflet.js tools/node_modules/leaflet/dist/leaflet.css public/leaflet/
    cp -r tools/node_modules/leaflet/dist/images public/leaflet/
  fi
}

# Waits until the server answers /healthz.
wait_healthy() {
  local url="$1" pid="$2"
  for _ in $(seq 1 120); do
    if curl -fsS "$url/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "server exited" >&2; return 1; fi
    sleep 0.5
  done
  echo "server did not become healthy" >&2
  return 1
}

# A local S3-compatible server (moto, from PyPI) for the media store's S3 test. Installed
# once into its own virtual environment; started by scripts/test and stopped with it.
MOTO_VENV="${MOTO_VENV:-$HOME/.cache/paht-moto}"
MOTO_VERSION="5.1.18"
ensure_moto() {
  if ! "$MOTO_VENV/bin/moto_server" --help >/dev/null 2>&1; then
    say "installing moto $MOTO_VERSION (a local S3-compatible server, for the media store's S3 test)"
    python3 -m venv "$MOTO_VENV"
    "$MOTO_VENV/bin/pip" install --quiet "moto[server]==$MOTO_VERSION"
  fi
}

# Starts moto on a free port and exports PAHT_TEST_S3_ENDPOINT; MOTO_PID for the caller.
start_moto() {
  local port="${MOTO_PORT:-5555}"
  "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"${TMPDIR:-/tmp}/paht-moto.log" 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 1 60); do
    if curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
      export PAHT_TEST_S3_ENDPOINT="http://127.0.0.1:$port"
      return 0
    fi
    kill -0 "$MOTO_PID" 2>/dev/null || { cat "${TMPDIR:-/tmp}/paht-moto.log" >&2; return 1; }
    sleep 0.5
  done
  echo "moto did not start" >&2
  return 1
}
