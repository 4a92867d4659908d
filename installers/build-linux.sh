#!/usr/bin/env bash
# Build Aula's Linux desktop bundle (PyInstaller, one folder) from installers/aula.spec.
#
#   installers/build-linux.sh        ->  dist/aula-<version>-linux-x86_64/aula  (+ _internal/)
#
# Uses the build environment build/venv (created here the first time, with the
# project and its optional `build` extra: PyInstaller); AULA_BUILD_VENV=path picks
# another one (e.g. AULA_BUILD_VENV=.venv after `pip install -e ".[build]"` there).
# The version in the folder name comes from app/__init__.py.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${AULA_BUILD_VENV:-$ROOT/build/venv}
say() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the build environment in $VENV"
  python3 -m venv "$VENV"
fi
stamp=$VENV/.aula-build-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "Installing Aula and PyInstaller into $VENV (a few minutes the first time)…"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".[build]"
  echo "$want" >"$stamp"
fi

version=$("$VENV/bin/python" -c 'import sys; sys.path.insert(0, "."); import app; print(app.__version__)')
name=aula-$version-linux-x86_64
say "Building $name with PyInstaller…"
rm -rf "build/pyinstaller" "dist/$name"
"$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist installers/aula.spec
say "Bundle: dist/$name ($(du -sh "dist/$name" | cut -f1)); run it with dist/$name/aula"
