#!/usr/bin/env bash
# Smoke test of the Linux release, end to end, as IT would meet it:
#
#   1. build the bundle (installers/build-linux.sh) and two .deb packages from it: the
#      release (app.__version__) and the same bundle labelled as an older release;
#   2. unpack a brand-new minimal Debian 12 root (the one ../shared/tools/fresh-machine-check
#      caches in /var/tmp/aula-fresh-base.tar, or debootstrap here), chroot into it;
#   3. `apt install ./aula_<older>.deb` (apt brings Qt's system libraries), then as a new user:
#      `aula demo` creates a database, `aula constancias` issues the finished group's
#      constancias, the QR of one is read from the PDF (pdftoppm + zbarimg, installed only
#      for the test) and `aula verify` must say it is authentic;
#   4. the window: `aula` on a virtual screen (Xvfb) until the main window is mapped (the cold
#      start time), then Ctrl+Q, and the exit code must be 0;
#   5. `apt install ./aula_<release>.deb` over it: the database is byte-for-byte the same, the
#      constancias still verify, the window still starts; removing and purging the package
#      leave the user's data in place.
#
# Needs root (chroot, mounts). Prints the sizes and start times at the end; exits 0 only if
# every step passed. SKIP_BUILD=1 reuses dist/ as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
say() { printf '\033[1m[smoke]\033[0m %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (chroot)"

version=$(python3 -c 'import sys; sys.path.insert(0, "."); import app; print(app.__version__)')
older=${AULA_OLDER_VERSION:-0.1.0}
bundle=dist/aula-$version-linux-x86_64
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  installers/build-linux.sh
  AULA_DEB_VERSION=$older installers/build-deb.sh
  installers/build-deb.sh
fi
for f in "$bundle/aula" "dist/aula_${older}_amd64.deb" "dist/aula_${version}_amd64.deb"; do
  [ -e "$f" ] || fail "missing $f"
done

base=/var/tmp/aula-fresh-base.tar
if [ ! -s "$base" ]; then
  say "No cached Debian 12 root: building one with debootstrap (about 2 minutes)…"
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }
  mirror=$(awk '/^URIs:/ && !/security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / && !/security/ {print $2; exit}' /etc/apt/sources.list)
  b=$(mktemp -d /var/tmp/aula-smoke-base.XXXX)
  debootstrap --variant=minbase bookworm "$b" "$mirror" >/dev/null
  cp /etc/apt/sources.list.d/*.sources "$b/etc/apt/sources.list.d/" 2>/dev/null || true
  mkdir -p "$b/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/* "$b/usr/local/share/ca-certificates/" 2>/dev/null || true
  tar -C "$b" -cf "$base" . && rm -rf "$b"
fi

r=$(mktemp -d /var/tmp/aula-smoke.XXXX)
cleanup() {  # KEEP_ROOT=1 leaves the root (unmounted) for a look after a failure
  for p in /proc/[0-9]*; do  # processes started inside this root, by PID
    [ "$(readlink "$p/root" 2>/dev/null)" = "$r" ] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  sleep 1
  for m in dev/shm dev/pts dev sys proc; do umount -l "$r/$m" 2>/dev/null; done
  if [ "${KEEP_ROOT:-0}" = 1 ]; then say "root kept in $r"; else rm -rf "$r"; fi
}
trap cleanup EXIT
say "Unpacking a brand-new Debian 12 root in $r"
tar -C "$r" -xf "$base"
chmod 755 "$r"
cp /etc/resolv.conf "$r/etc/" 2>/dev/null || true
mount --bind /proc "$r/proc"; mount --bind /sys "$r/sys"; mount --bind /dev "$r/dev"
mount --bind /dev/pts "$r/dev/pts"; mount -t tmpfs tmpfs "$r/dev/shm"
cp "dist/aula_${older}_amd64.deb" "dist/aula_${version}_amd64.deb" "$r/tmp/"
in_root() { chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
            DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "$1"; }
as_user() { chroot "$r" env -i PATH=/usr/bin:/bin HOME=/home/instructora USER=instructora LANG=C.UTF-8 \
            su instructora -s /bin/bash -c "set -euo pipefail; cd; $1"; }

say "apt install ./aula_${older}_amd64.deb (labelled older) in the fresh root…"
in_root "apt-get update -qq && apt-get install -y -qq /tmp/aula_${older}_amd64.deb >/dev/null"
in_root "useradd -m -s /bin/bash instructora"
[ "$(as_user 'aula --version')" = "aula $version" ] || fail "aula --version"
say "Installed /opt/aula: $(in_root 'du -sh /opt/aula | cut -f1')"
for f in resources/translations/qtbase_es.qm resources/translations/aula_es.qm PySide6/Qt/plugins/imageformats/libqpdf.so \
         app/storage/migrations/env.py docs/guia-del-instructor.md resources/fonts/Lato-Regular.ttf; do
  [ -s "$r/opt/aula/_internal/$f" ] || fail "the installed bundle lacks $f"
done
! ls "$r"/opt/aula/_internal/PySide6/Qt/lib | grep -q WebEngine || fail "WebEngine is in the bundle"

say "Tools for the test only (not dependencies of Aula): pdftoppm, zbarimg, Xvfb, xdotool"
in_root "apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools xvfb xauth xdotool >/dev/null"

say "As a new user: a database from demo data, the finished group's constancias, one QR verified"
as_user 'export QT_QPA_PLATFORM=offscreen
aula demo >/dev/null
group=$(aula groups | awk "/concluido/ {print \$2; exit}")
[ -n "$group" ]
aula constancias --group "$group" --out constancias | tail -n 1
first=$(ls constancias/individuales/*.pdf | head -n 1)
pdftoppm -r 150 -png -f 1 -l 1 "$first" qr
zbarimg -q --raw qr*.png 2>/dev/null | head -n 1 >qr.txt
aula verify "$(cat qr.txt)" | head -n 1'

window_start() {  # seconds from launching `aula` to its main window on a virtual screen (Xvfb),
  # then Ctrl+Q as a user would: the exit code must be 0. The display number is one that no
  # X server on this machine uses: the chroot shares the host's abstract unix sockets, where
  # another session's Xvfb on the same number would answer instead of ours.
  as_user 'n=$(for d in $(seq 311 399); do grep -q "/tmp/.X11-unix/X$d\$" /proc/net/unix || { echo $d; break; }; done)
Xvfb :$n -screen 0 1600x1000x24 -nolisten tcp >xvfb-$n.log 2>&1 & xvfb=$!
export DISPLAY=:$n QT_FORCE_STDERR_LOGGING=1
for i in $(seq 300); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
xdotool getdisplaygeometry >/dev/null 2>&1 && kill -0 $xvfb || { echo "Xvfb did not start on :$n"; cat xvfb-$n.log; exit 1; }
start=$(date +%s.%N)
aula >aula-window.log 2>&1 & app=$!
win=""
for i in $(seq 1200); do  # poll every 50 ms, at most 60 s
  win=$(xdotool search --onlyvisible --name "^Aula" 2>/dev/null | head -n 1) && [ -n "$win" ] && break
  kill -0 $app 2>/dev/null || break
  sleep 0.05
done
shown=$(date +%s.%N)
cpu=$(awk -v hz=$(getconf CLK_TCK) "{printf \"%.2f\", (\$14 + \$15) / hz}" /proc/$app/stat 2>/dev/null || echo "?")
[ -n "$win" ] || { echo "no window"; cat aula-window.log xvfb-$n.log; tail -n 20 .local/share/Aula/logs/*.log
                   kill $app $xvfb 2>/dev/null; exit 1; }
sleep 1
xdotool windowfocus --sync "$win" key --clearmodifiers ctrl+q
rc=0; wait $app || rc=$?
kill $xvfb; wait $xvfb 2>/dev/null || true
[ $rc = 0 ] || { echo "aula exited with $rc"; cat aula-window.log; tail -n 20 .local/share/Aula/logs/*.log; exit 1; }
echo "$(echo "$shown - $start" | bc -l | xargs printf "%.2f") s (CPU $cpu s)"'
}
in_root "apt-get install -y -qq --no-install-recommends bc >/dev/null && mkdir -p -m 1777 /tmp/.X11-unix"
load=$(cut -d' ' -f1-3 /proc/loadavg)
floor=$(as_user 'a=$(date +%s.%N); aula --version >/dev/null; echo "$(date +%s.%N) - $a" | bc -l | xargs printf "%.2f\n"')
cold=$(window_start) || fail "the window did not start and close cleanly: $cold"
warm=$(window_start) || fail "the window did not start and close cleanly (second start): $warm"
say "Main window shown after ${cold} (first start after install), ${warm} (second); \
\`aula --version\` (the CLI's own start) ${floor} s; load average ${load} on $(nproc) cores"

say "Upgrade: apt install ./aula_${version}_amd64.deb over ${older}"
before=$(as_user 'sha256sum .local/share/Aula/aula.sqlite3; ls constancias/individuales | wc -l')
in_root "apt-get install -y -qq /tmp/aula_${version}_amd64.deb >/dev/null"
[ "$(in_root "dpkg-query -W -f='\${Version}' aula")" = "$version" ] || fail "the package was not upgraded"
after=$(as_user 'sha256sum .local/share/Aula/aula.sqlite3; ls constancias/individuales | wc -l')
[ "$before" = "$after" ] || fail "the upgrade changed the user's database or constancias"
as_user 'QT_QPA_PLATFORM=offscreen aula verify "$(cat qr.txt)" | head -n 1'
upgraded=$(window_start) || fail "the window did not start after the upgrade: $upgraded"
say "After the upgrade: same database (sha256), constancia verified, window in ${upgraded}"

in_root "apt-get remove -y -qq aula >/dev/null && dpkg --purge aula >/dev/null 2>&1"
[ ! -e "$r/opt/aula" ] && [ ! -e "$r/usr/bin/aula" ] || fail "files left after purge"
as_user 'test -s .local/share/Aula/aula.sqlite3 && ls .local/share/Aula/backups | grep -q sqlite3' \
  || fail "removing the package touched the user's data"
say "Removed and purged: /opt/aula gone, the user's database and backups kept"

say "Bundle dist/aula-$version-linux-x86_64: $(du -sh "$bundle" | cut -f1)"
say ".deb dist/aula_${version}_amd64.deb: $(du -h "dist/aula_${version}_amd64.deb" | cut -f1)"
say "PASS: built, installed on a fresh Debian 12, constancia issued and verified, upgraded in place, removed"
