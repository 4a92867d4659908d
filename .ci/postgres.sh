#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the integration tests of the server.
#
#   eval "$(.ci/postgres.sh)"        # sets AULA_TEST_POSTGRES_URL (and AULA_TEST_POSTGRES_DIR)
#   .ci/postgres.sh stop DIR         # stops the cluster and removes DIR
#
# On Debian, installs PostgreSQL with apt-get when it is missing and we are root.
# The cluster lives in a temporary directory, listens only on 127.0.0.1 on a free
# port, and is owned by an unprivileged user (initdb refuses to run as root).
# Only the export lines go to stdout; progress and errors go to stderr.
# Exits non-zero with a clear message when it cannot provide a database.
set -euo pipefail

die() { echo "postgres.sh: ERROR: $*" >&2; exit 1; }
say() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; fi
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

if [[ "${1:-}" == "stop" ]]; then
    DIR="${2:-}"
    [[ -n "$DIR" && -f "$DIR/data/PG_VERSION" ]] || die "usage: $0 stop DIR (DIR is AULA_TEST_POSTGRES_DIR)"
    BIN=$(find_bin); [[ -n "$BIN" ]] || die "PostgreSQL binaries not found"
    OWNER=$(stat -c %U "$DIR/data")
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
    rm -rf "$DIR"
    say "stopped and removed $DIR"
    exit 0
fi

BIN=$(find_bin)
if [[ -z "$BIN" ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "PostgreSQL is not installed; installing it with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || die "apt-get update failed; cannot install PostgreSQL"
        apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed"
        BIN=$(find_bin)
    fi
fi
[[ -n "$BIN" ]] || die "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin) and cannot be installed here (need root and apt-get)"

if [[ $(id -u) -eq 0 ]]; then
    OWNER=postgres
    if ! id "$OWNER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER" >&2 \
            || die "running as root but there is no 'postgres' user and it cannot be created"
    fi
    command -v runuser >/dev/null 2>&1 || die "running as root but 'runuser' is missing (initdb refuses root)"
else
    OWNER=$(id -un)
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null) \
    || die "python3 is needed to find a free port"
DIR=$(mktemp -d "${TMPDIR:-/tmp}/aula-pg.XXXXXX") || die "cannot create a temporary directory"
chmod 755 "$DIR"
mkdir -p "$DIR/data" "$DIR/run"
if [[ $(id -u) -eq 0 ]]; then chown -R "$OWNER" "$DIR"; fi

say "initialising a cluster in $DIR as $OWNER"
as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $DIR/run -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >&2 \
    || { cat "$DIR/server.log" >&2 || true; die "the PostgreSQL server did not start"; }
as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres aula_test >&2 \
    || die "cannot create the database aula_test"

say "PostgreSQL ready on 127.0.0.1:$PORT (stop with: $0 stop $DIR)"
echo "export AULA_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/aula_test"
echo "export AULA_TEST_POSTGRES_DIR=$DIR"
