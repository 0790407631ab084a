#!/usr/bin/env bash
# Find (or start) the PostgreSQL and Redis that the Makefile's run/test/lint targets use.
#
# Usage:
#   eval "$(scripts/services.sh env)"          # exports DATABASE_URL and REDIS_URL (Redis db 0)
#   eval "$(scripts/services.sh env --test)"   # same, but REDIS_URL points at Redis db 1
#   scripts/services.sh up                     # ensure both run, print the URLs for humans
#   scripts/services.sh status                 # what `env` would pick, without starting anything
#   scripts/services.sh stop [postgres|redis]  # stop the private instances under var/
#   scripts/services.sh private                # names of the private instances running now
#   scripts/services.sh purge                  # stop them and delete their data
#
# `env` prints only `export ...` lines on stdout; everything for humans goes to stderr.
#
# For each service the first usable source wins:
#   1. DATABASE_URL / REDIS_URL from the environment. They are checked, never rewritten,
#      except that --test replaces the Redis database number with 1 so that tests never
#      flush development data.
#   2. A private instance under var/ that is already running (keeps using the data you had).
#   3. The server on localhost: 127.0.0.1:5432 as user `postgres` without a password,
#      127.0.0.1:6379 without a password.
#   4. A new private instance under var/: var/postgres (initdb, trust auth, owned by the
#      `postgres` user when we are root, because initdb and postgres refuse to run as root)
#      and var/redis. When root and the binaries are missing they are installed with apt-get.
#
# Knobs (all optional): ZI_DB_NAME (default zi_portal), ZI_PG_PORT (private PostgreSQL port,
# default 55432), ZI_REDIS_PORT (private Redis port, default 56379), ZI_VAR_DIR (default var/
# in the repository), ZI_PRIVATE_SERVICES=1 (skip step 3: always use private instances).
# The private ports differ from the standard ones so that a system server started later never
# collides with them. When root and user postgres cannot enter the checkout (say it lives
# under /root), the private cluster goes to /var/tmp/zi-portal-<hash of the path>/ instead.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$(realpath -m "${ZI_VAR_DIR:-$ROOT/var}")"
DB_NAME="${ZI_DB_NAME:-zi_portal}"
PG_PORT="${ZI_PG_PORT:-55432}"
REDIS_PORT="${ZI_REDIS_PORT:-56379}"
PRIVATE_ONLY="${ZI_PRIVATE_SERVICES:-0}"
REDIS_DIR="$VAR/redis"

log() { printf 'services: %s\n' "$*" >&2; }
die() {
    printf 'services: error: %s\n' "$*" >&2
    exit 1
}

# --- helpers ---------------------------------------------------------------------------

is_root() { [[ $EUID -eq 0 ]]; }

port_open() { timeout 2 bash -c ">/dev/tcp/$1/$2" 2>/dev/null; }

# PING over a raw socket, so that a missing redis-cli is no obstacle.
redis_ping() {
    # shellcheck disable=SC2016 # $1, $2 and $reply belong to the inner bash
    timeout 3 bash -c '
        exec 3<>"/dev/tcp/$1/$2" || exit 1
        printf "PING\r\n" >&3
        IFS= read -r reply <&3 || exit 1
        [[ $reply == "+PONG"* ]]
    ' _ "$1" "$2" 2>/dev/null
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

apt_install() {
    if ! is_root || ! command -v apt-get >/dev/null; then
        die "missing $*; install them (as root: apt-get install -y $*) or set DATABASE_URL/REDIS_URL"
    fi
    log "installing $* with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "$@" >&2
}

# PG_BIN: the newest /usr/lib/postgresql/*/bin (Debian), else wherever pg_config says.
find_pg_bin() {
    PG_BIN=""
    local dir
    # shellcheck disable=SC2012 # version-sorted; these paths have no odd characters
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] && PG_BIN="$dir"
    done
    if [[ -z $PG_BIN ]] && command -v pg_config >/dev/null; then
        dir="$(pg_config --bindir)"
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] && PG_BIN="$dir"
    fi
    [[ -n $PG_BIN ]]
}

pg_tool() { # pg_tool NAME: the client tool from PG_BIN, else from PATH
    if [[ -n ${PG_BIN:-} && -x $PG_BIN/$1 ]]; then
        echo "$PG_BIN/$1"
    else
        command -v "$1"
    fi
}

need_pg_client() {
    find_pg_bin || true
    if ! pg_tool psql >/dev/null || ! pg_tool pg_isready >/dev/null; then
        [[ $START == 1 ]] || die "psql and pg_isready not found"
        apt_install postgresql-client
        find_pg_bin || true
    fi
}

# The OS user that owns and runs the private cluster.
PG_OS_USER=""
pg_os_user() {
    if ! is_root; then
        PG_OS_USER="$(id -un)"
        return
    fi
    PG_OS_USER=postgres
    if ! id postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
    fi
}

as_pg() { # run a PostgreSQL server binary as PG_OS_USER
    if is_root; then
        # From /, which that user can always enter (all paths given are absolute).
        (cd / && runuser -u "$PG_OS_USER" -- "$@")
    else
        "$@"
    fi
}

# --- PostgreSQL ------------------------------------------------------------------------

# PG_DIR holds the private cluster (data/) and its logs. initdb and postgres run as user
# postgres when we are root, so PG_DIR must be reachable by that user.
PG_DIR="$VAR/postgres"
if is_root && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    PG_DIR="/var/tmp/zi-portal-$(printf %s "$ROOT" | sha256sum | cut -c1-12)/postgres"
fi
PG_DATA="$PG_DIR/data"

private_pg_pid() { # pid of the running private postmaster, or nothing
    [[ -r $PG_DATA/postmaster.pid ]] || return 0
    local pid
    pid="$(head -n 1 "$PG_DATA/postmaster.pid")"
    if pid_alive "$pid"; then echo "$pid"; fi
}

private_pg_port() { sed -n 4p "$PG_DATA/postmaster.pid"; }

# Can user postgres log in without a password and see the server's databases?
pg_login_ok() { # HOST PORT
    PGCONNECT_TIMEOUT=3 "$(pg_tool psql)" -w -X -q -h "$1" -p "$2" -U postgres -d postgres \
        -tAc 'SELECT 1' >/dev/null 2>&1
}

ensure_database() { # HOST PORT: create DB_NAME when missing
    local psql exists
    psql="$(pg_tool psql)"
    exists="$("$psql" -w -X -q -h "$1" -p "$2" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ||
        die "cannot query databases on $1:$2 as user postgres"
    if [[ $exists != 1 ]]; then
        log "creating database $DB_NAME on $1:$2"
        "$(pg_tool createdb)" -w -h "$1" -p "$2" -U postgres "$DB_NAME"
    fi
}

start_private_pg() {
    if ! find_pg_bin || [[ ! -x $PG_BIN/postgres ]]; then
        apt_install postgresql
        find_pg_bin || die "PostgreSQL server binaries not found after installing postgresql"
    fi
    pg_os_user
    if port_open 127.0.0.1 "$PG_PORT"; then
        die "port $PG_PORT is taken by something else; set ZI_PG_PORT to a free port"
    fi
    mkdir -p "$PG_DIR"
    if is_root; then
        chmod 755 "$(dirname "$PG_DIR")"
        chown "$PG_OS_USER:" "$PG_DIR"
        runuser -u "$PG_OS_USER" -- test -w "$PG_DIR" ||
            die "user $PG_OS_USER cannot reach $PG_DIR (a parent directory is not searchable); set ZI_VAR_DIR"
    fi
    chmod 700 "$PG_DIR"
    if [[ ! -s $PG_DATA/PG_VERSION ]]; then
        log "initialising a private PostgreSQL cluster in $PG_DATA"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale \
            --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
            die "initdb failed, see $PG_DIR/initdb.log"
    fi
    log "starting private PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_DIR/server.log)"
    # TCP on loopback only, no Unix socket (its default directory belongs to the system server).
    # synchronous_commit=off: faster tests; a crash loses at most the last moments, never integrity.
    # 9>&-: the daemon must not inherit (and so hold forever) the lock taken in lock().
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 -s start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='' -c synchronous_commit=off" \
        >&2 9>&- ||
        die "PostgreSQL did not start, see $PG_DIR/server.log"
}

resolve_pg() { # sets DATABASE_URL; START=1 allows starting a private instance
    if [[ -n ${DATABASE_URL:-} ]]; then
        if pg_tool pg_isready >/dev/null && ! "$(pg_tool pg_isready)" -q -t 5 -d "$DATABASE_URL"; then
            die "DATABASE_URL is set but its server does not accept connections"
        fi
        PG_SOURCE="DATABASE_URL from the environment"
        return
    fi
    need_pg_client
    local host=127.0.0.1 port
    if [[ -n $(private_pg_pid) ]]; then
        port="$(private_pg_port)"
        PG_SOURCE="private instance ($PG_DATA)"
    elif [[ $PRIVATE_ONLY != 1 ]] && "$(pg_tool pg_isready)" -q -t 2 -h "$host" -p 5432 &&
        pg_login_ok "$host" 5432; then
        port=5432
        PG_SOURCE="server on localhost"
    elif [[ $START == 1 ]]; then
        start_private_pg
        port="$(private_pg_port)"
        PG_SOURCE="private instance ($PG_DATA, just started)"
    else
        PG_SOURCE="none running"
        DATABASE_URL=""
        return
    fi
    pg_login_ok "$host" "$port" || die "cannot log in to PostgreSQL on $host:$port as user postgres"
    ensure_database "$host" "$port"
    DATABASE_URL="postgres://postgres@$host:$port/$DB_NAME"
}

# --- Redis -----------------------------------------------------------------------------

private_redis_pid() {
    [[ -r $REDIS_DIR/redis.pid ]] || return 0
    local pid
    pid="$(cat "$REDIS_DIR/redis.pid")"
    if pid_alive "$pid"; then echo "$pid"; fi
}

start_private_redis() {
    command -v redis-server >/dev/null || apt_install redis-server
    if port_open 127.0.0.1 "$REDIS_PORT"; then
        die "port $REDIS_PORT is taken by something else; set ZI_REDIS_PORT to a free port"
    fi
    mkdir -p "$REDIS_DIR"
    log "starting private Redis on 127.0.0.1:$REDIS_PORT (log: $REDIS_DIR/redis.log)"
    # Nothing is persisted: the broker's queues and the cache are disposable in development.
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
        --appendonly no --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" \
        --logfile "$REDIS_DIR/redis.log" >&2 9>&-
    echo "$REDIS_PORT" >"$REDIS_DIR/port"
    local _
    for _ in $(seq 50); do
        redis_ping 127.0.0.1 "$REDIS_PORT" && return 0
        sleep 0.1
    done
    die "Redis did not start, see $REDIS_DIR/redis.log"
}

resolve_redis() { # sets REDIS_URL (database REDIS_DB)
    if [[ -n ${REDIS_URL:-} ]]; then
        if command -v redis-cli >/dev/null &&
            [[ $(timeout 5 redis-cli -u "$REDIS_URL" ping 2>/dev/null) != PONG ]]; then
            die "REDIS_URL is set but its server does not answer PING"
        fi
        if [[ $TEST == 1 ]]; then
            [[ $REDIS_URL =~ ^(rediss?://[^/?#]*)(/[0-9]*)?(\?.*)?$ ]] ||
                die "cannot pick database $REDIS_DB in REDIS_URL=$REDIS_URL"
            REDIS_URL="${BASH_REMATCH[1]}/$REDIS_DB${BASH_REMATCH[3]}"
        fi
        REDIS_SOURCE="REDIS_URL from the environment"
        return
    fi
    local port
    if [[ -n $(private_redis_pid) ]]; then
        port="$(cat "$REDIS_DIR/port")"
        REDIS_SOURCE="private instance ($REDIS_DIR)"
    elif [[ $PRIVATE_ONLY != 1 ]] && redis_ping 127.0.0.1 6379; then
        port=6379
        REDIS_SOURCE="server on localhost"
    elif [[ $START == 1 ]]; then
        start_private_redis
        port="$REDIS_PORT"
        REDIS_SOURCE="private instance ($REDIS_DIR, just started)"
    else
        REDIS_SOURCE="none running"
        REDIS_URL=""
        return
    fi
    redis_ping 127.0.0.1 "$port" || die "Redis on 127.0.0.1:$port does not answer PING"
    REDIS_URL="redis://127.0.0.1:$port/$REDIS_DB"
}

# --- stopping --------------------------------------------------------------------------

stop_pg() {
    local pid
    pid="$(private_pg_pid)"
    if [[ -z $pid ]]; then
        log "private PostgreSQL is not running"
        return
    fi
    find_pg_bin || die "pg_ctl not found; stop it with: kill $pid"
    pg_os_user
    log "stopping private PostgreSQL (pid $pid)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -s stop >&2
}

stop_redis() {
    local pid _
    pid="$(private_redis_pid)"
    if [[ -z $pid ]]; then
        log "private Redis is not running"
        return
    fi
    log "stopping private Redis (pid $pid)"
    kill "$pid"
    for _ in $(seq 100); do
        pid_alive "$pid" || return 0
        sleep 0.1
    done
    die "Redis (pid $pid) did not stop"
}

# --- main ------------------------------------------------------------------------------

lock() {
    # Two make targets started at once must not both initdb or start the same instance.
    mkdir -p "$VAR"
    exec 9>"$VAR/.services.lock"
    flock -w 120 9 || die "another scripts/services.sh has held $VAR/.services.lock for 2 minutes"
}

cmd="${1:-env}"
shift || true
TEST=0
for arg in "$@"; do
    case $arg in
    --test) TEST=1 ;;
    postgres | redis) ;;
    *) die "unknown argument: $arg" ;;
    esac
done
REDIS_DB=0
if [[ $TEST == 1 ]]; then REDIS_DB=1; fi
START=1

case $cmd in
env | up)
    lock
    resolve_pg
    resolve_redis
    log "PostgreSQL: $PG_SOURCE; Redis: $REDIS_SOURCE"
    if [[ $cmd == env ]]; then
        printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
        printf 'export REDIS_URL=%q\n' "$REDIS_URL"
    else
        printf 'DATABASE_URL=%s\nREDIS_URL=%s\n' "$DATABASE_URL" "$REDIS_URL"
    fi
    ;;
status)
    START=0
    resolve_pg
    resolve_redis
    printf 'PostgreSQL: %s %s\nRedis:      %s %s\n' \
        "$PG_SOURCE" "${DATABASE_URL:+($DATABASE_URL)}" "$REDIS_SOURCE" "${REDIS_URL:+($REDIS_URL)}"
    ;;
private)
    running=()
    [[ -n $(private_pg_pid) ]] && running+=(postgres)
    [[ -n $(private_redis_pid) ]] && running+=(redis)
    echo "${running[*]}"
    ;;
stop)
    lock
    what="${1:-all}"
    if [[ $what == all || $what == postgres ]]; then stop_pg; fi
    if [[ $what == all || $what == redis ]]; then stop_redis; fi
    ;;
purge)
    lock
    stop_pg
    stop_redis
    log "deleting $PG_DIR and $REDIS_DIR"
    rm -rf "$PG_DIR" "$REDIS_DIR"
    if [[ $PG_DIR != "$VAR"/* ]]; then rmdir "$(dirname "$PG_DIR")" 2>/dev/null || true; fi
    ;;
-h | --help | help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    ;;
*)
    die "unknown command: $cmd (try: env, up, status, stop, private, purge, help)"
    ;;
esac
