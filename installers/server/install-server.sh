#!/usr/bin/env bash
# Install or upgrade Aula's central server on a Debian 12 / Ubuntu 22.04+ host, as root,
# from this checkout (docs/admin.md walks through it, step by step):
#
#   installers/server/install-server.sh            install or upgrade; start the service
#   installers/server/install-server.sh --with-postgres   also install PostgreSQL and create
#                                                  the "aula" role and database on this host
#
# It is idempotent: running it again upgrades the program (a new venv is built next to
# the old one and swapped in) and never overwrites /etc/aula-server/aula-server.env or the data.
# Layout: /opt/aula-server/venv (program), /opt/aula-server/bin (backup script),
# /etc/aula-server/aula-server.env (settings), /var/lib/aula-server (data, logs),
# /var/backups/aula-server (nightly backups), user and group "aula".
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=$PWD
with_postgres=0
[ "${1:-}" = --with-postgres ] && with_postgres=1
say() { printf '\033[1m[aula-server]\033[0m %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { say "Run it as root (sudo)."; exit 1; }

say "System packages: Python, PostgreSQL client (pg_dump for backups), nginx"
packages=(python3 python3-venv postgresql-client nginx)
[ $with_postgres = 1 ] && packages+=(postgresql)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

id aula >/dev/null 2>&1 || useradd --system --home-dir /var/lib/aula-server --shell /usr/sbin/nologin aula
install -d -o aula -g aula -m 750 /var/lib/aula-server /var/backups/aula-server
install -d -m 755 /opt/aula-server /opt/aula-server/bin /opt/aula-server/docs
install -d -m 750 -g aula /etc/aula-server

say "Program: a new virtual environment with this version of Aula, then swapped in"
rm -rf /opt/aula-server/venv.new
python3 -m venv /opt/aula-server/venv.new
/opt/aula-server/venv.new/bin/pip install --quiet --upgrade pip
/opt/aula-server/venv.new/bin/pip install --quiet "$SRC"
/opt/aula-server/venv.new/bin/aula-server --version
rm -rf /opt/aula-server/venv.old
[ -d /opt/aula-server/venv ] && mv /opt/aula-server/venv /opt/aula-server/venv.old
mv /opt/aula-server/venv.new /opt/aula-server/venv
install -m 755 installers/server/aula-server-backup.sh /opt/aula-server/bin/aula-server-backup.sh
install -m 644 docs/admin.md docs/server.md /opt/aula-server/docs/

if [ ! -e /etc/aula-server/aula-server.env ]; then
  install -m 640 -g aula installers/server/aula-server.env.example /etc/aula-server/aula-server.env
  say "Wrote /etc/aula-server/aula-server.env from the example: set the database password in it."
fi

if [ $with_postgres = 1 ]; then
  if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'aula'" | grep -q 1; then
    password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
    runuser -u postgres -- psql -q -c "CREATE ROLE aula LOGIN PASSWORD '$password'"
    runuser -u postgres -- createdb -O aula aula
    sed -i "s|^AULA_SERVER_DATABASE_URL=.*|AULA_SERVER_DATABASE_URL=postgresql+psycopg://aula:$password@127.0.0.1:5432/aula|" \
      /etc/aula-server/aula-server.env
    say "Created the PostgreSQL role and database \"aula\"; the password is in /etc/aula-server/aula-server.env."
  fi
fi

install -m 644 installers/server/aula-server.service installers/server/aula-server-backup.service \
  installers/server/aula-server-backup.timer /etc/systemd/system/
if [ ! -e /etc/nginx/sites-available/aula-server ]; then
  install -m 644 installers/server/nginx-aula-server.conf /etc/nginx/sites-available/aula-server
  say "Wrote /etc/nginx/sites-available/aula-server: set server_name and the certificate, then enable it."
fi
systemctl daemon-reload
systemctl enable --now aula-server-backup.timer
systemctl enable aula-server.service
systemctl restart aula-server.service
sleep 3
port=$(sed -n 's/^AULA_SERVER_PORT=//p' /etc/aula-server/aula-server.env); port=${port:-8080}
if python3 - "$port" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/v1/health", timeout=10) as answer:
    sys.exit(0 if answer.status == 200 else 1)
PY
then say "aula-server is up: http://127.0.0.1:$port/v1/health answers 200."; rm -rf /opt/aula-server/venv.old
else say "aula-server does not answer yet: journalctl -u aula-server -n 50"; exit 1; fi
