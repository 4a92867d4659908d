#!/usr/bin/env bash
# Package the Linux bundle (installers/build-linux.sh) as a Debian package.
#
#   installers/build-deb.sh            ->  dist/aula_<version>_amd64.deb
#
# Installs with `apt install ./aula_<version>_amd64.deb` on Debian 12 or Ubuntu
# 22.04 and newer; apt brings the system libraries Qt needs (Depends below,
# the same list as dev.sh's Qt packages). Layout:
#   /opt/aula/                            the frozen one-folder bundle (nothing to compile)
#   /usr/bin/aula -> /opt/aula/aula       the window without arguments, the CLI with a subcommand
#   /usr/share/applications/aula.desktop  the menu entry
#   /usr/share/icons/hicolor/scalable/apps/aula.svg
# The user's data lives in the user's own data directory (~/.local/share/Aula/Aula,
# or AULA_HOME): installing, upgrading, removing and purging the package never touch it.
#
# AULA_DEB_VERSION overrides the package's version (the smoke test uses it to
# package an "older" release from the same bundle); the default is app.__version__.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
say() { printf '\033[1m[deb]\033[0m %s\n' "$*"; }

app_version=$(python3 -c 'import sys; sys.path.insert(0, "."); import app; print(app.__version__)')
version=${AULA_DEB_VERSION:-$app_version}
bundle=dist/aula-$app_version-linux-x86_64
[ -x "$bundle/aula" ] || { say "No bundle in $bundle: run installers/build-linux.sh first."; exit 1; }

DEPENDS=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-xkb1 libx11-xcb1 libxrender1 libnss3 fonts-dejavu-core
)

stage=build/deb/aula_${version}_amd64
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/usr/share/icons/hicolor/scalable/apps" "$stage/usr/share/doc/aula"
cp -a "$bundle" "$stage/opt/aula"
ln -s /opt/aula/aula "$stage/usr/bin/aula"
install -m 644 installers/linux/aula.desktop "$stage/usr/share/applications/aula.desktop"
install -m 644 resources/icons/aula.svg "$stage/usr/share/icons/hicolor/scalable/apps/aula.svg"
cat >"$stage/usr/share/doc/aula/copyright" <<COPYRIGHT
Aula $version. Fonts: resources/fonts/OFL.txt (SIL Open Font License). Icons: resources/icons/LICENSE.txt.
Qt and PySide6: LGPL-3.0 (https://www.qt.io/licensing). Bundled Python packages keep their own licences.
COPYRIGHT
chmod -R u+rwX,go+rX,go-w "$stage"

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
depends=$(printf '%s, ' "${DEPENDS[@]}"); depends=${depends%, }
cat >"$stage/DEBIAN/control" <<CONTROL
Package: aula
Version: $version
Section: education
Priority: optional
Architecture: amd64
Maintainer: Aula <soporte@aula.invalid>
Installed-Size: $installed_kb
Depends: $depends
Description: asistencia, participación y constancias de cursos presenciales, sin red
 Aula lleva el pase de lista con lector de gafetes, la participación en cada
 actividad, quién acredita y por qué, y emite constancias con código QR
 verificable. Funciona sin red; sus datos quedan en la carpeta de datos del
 usuario, que ni la actualización ni la desinstalación tocan.
CONTROL

mkdir -p dist
out=dist/aula_${version}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
rm -rf "$stage"
say "Package: $out ($(du -h "$out" | cut -f1); installed $(( installed_kb / 1024 )) MB)"
