#!/usr/bin/env bash
# Set up Aula on a Debian machine with Python >= 3.11, then open it or test it.
#
#   ./dev.sh run    install everything, create the demo database once, open the app on it
#   ./dev.sh test   install everything, run the whole test suite (pytest args may follow)
#   ./dev.sh setup  install everything and stop
#   ./dev.sh aula … run an `aula` command on the demo database (e.g. ./dev.sh aula groups)
#
# System packages (Qt's libraries, fonts, poppler, zbar, Xvfb, PostgreSQL) are
# installed with apt-get when this runs as root or with password-less sudo;
# otherwise the script names the missing ones and the command to install them.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
VENV=$ROOT/.venv

SYSTEM_PACKAGES=(
  # Python
  python3-venv python3-pip
  # Qt 6 (PySide6 wheels) on X11/offscreen
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1 libx11-xcb1 libxrender1 libnss3 fonts-dejavu-core
  # documents and their tests: PDF to image and text, QR decoding
  poppler-utils zbar-tools
  # a screen for headless machines, and the server's PostgreSQL tests
  # xauth: xvfb-run and X clients need it; the minimal Debian image lacks it
  xvfb xauth postgresql
  # the server dashboard's browser tests (Selenium drives Debian's headless Chromium)
  chromium chromium-driver
)

say() { printf '\033[1m[aula]\033[0m %s\n' "$*"; }

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { say "Not a Debian system: install the equivalents of: ${SYSTEM_PACKAGES[*]}"; return 0; }
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
      say "Missing system packages: ${missing[*]}"
      say "Install them with: sudo apt-get install -y ${missing[*]}  (continuing without them)"
      return 0
    fi
  fi
  say "Installing ${#missing[@]} system packages with apt-get (a few minutes on a new machine): ${missing[*]}"
  say "  apt-get update…"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  say "  apt-get install…"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "System packages installed."
}

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  say "Aula needs Python 3.11 or newer (apt-get install python3)."; exit 1
}

install_python_packages() {
  local stamp=$VENV/.aula-installed want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the virtual environment in .venv"
    "$(find_python)" -m venv "$VENV"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Installing Aula and its Python dependencies with pip into .venv (1–3 minutes the first time)…"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".[test]"
    # Bytecode compiled now, not on the first launch (a cold start then reads .pyc only).
    "$VENV/bin/python" -m compileall -q -j 0 app "$VENV/lib" >/dev/null || true
    echo "$want" >"$stamp"
    say "Python packages installed."
  fi
}

setup() {
  install_system_packages
  install_python_packages
}

start_postgres() {
  # The server's tests also run on PostgreSQL when AULA_TEST_POSTGRES_URL is set.
  [ -n "${AULA_TEST_POSTGRES_URL:-}" ] && return 0
  local out
  if out=$(bash .ci/postgres.sh); then
    eval "$out"
    STARTED_PG_DIR=${AULA_TEST_POSTGRES_DIR:-}
    trap 'bash .ci/postgres.sh stop "$STARTED_PG_DIR" >/dev/null 2>&1 || true' EXIT
    say "PostgreSQL for the server tests is running (it is removed when the tests end)."
  elif [ "${AULA_REQUIRE_POSTGRES:-0}" = 1 ]; then
    say "PostgreSQL could not be started and AULA_REQUIRE_POSTGRES=1"; exit 1
  else
    say "PostgreSQL could not be started: the server tests run on SQLite only."
  fi
}

demo_home() {
  export AULA_HOME=${AULA_HOME:-$ROOT/.aula-demo}
  if [ ! -s "$AULA_HOME/aula.sqlite3" ]; then
    say "Creating the demo database in $AULA_HOME"
    "$VENV/bin/aula" demo
  fi
}

free_display() {
  local n
  for n in $(seq 99 -1 50); do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { echo "$n"; return 0; }
  done
  return 1
}

run_on_virtual_screen() {
  local n xvfb_pid
  n=$(free_display) || { say "No free X display number for Xvfb."; exit 1; }
  Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  kill -0 "$xvfb_pid" 2>/dev/null || { say "Xvfb could not start on display :$n."; exit 1; }
  export DISPLAY=":$n"
  say "No screen found: Aula is open on the virtual screen DISPLAY=:$n (Xvfb, 1600x1000)."
  say "Other programs reach it with DISPLAY=:$n. Stop Aula with Ctrl+C: the virtual screen closes with it."
  "$VENV/bin/aula" "$@"
}

cmd=${1:-run}
shift || true
case "$cmd" in
  setup) setup ;;
  run)
    setup
    demo_home
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != offscreen ]; then
      run_on_virtual_screen "$@"
      exit $?
    fi
    say "Opening Aula on $AULA_HOME (close the window or press Ctrl+C to stop)."
    exec "$VENV/bin/aula" "$@"
    ;;
  aula)
    setup >&2
    demo_home >&2
    exec "$VENV/bin/aula" "$@"
    ;;
  test)
    setup
    start_postgres
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    say "Running the whole test suite (unit, GUI offscreen, server on SQLite and PostgreSQL; about 5 minutes)…"
    "$VENV/bin/python" -m pytest "$@"
    ;;
  *) echo "usage: ./dev.sh run | test | setup | aula COMMAND…" >&2; exit 2 ;;
esac
