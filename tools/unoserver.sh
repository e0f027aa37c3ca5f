#!/bin/sh
# A warm LibreOffice converter (unoserver) for documents.conversion.
#
#   tools/unoserver.sh install            venv with Debian's python3-uno + unoserver
#   tools/unoserver.sh start [PORT]       start one on 127.0.0.1:PORT (default 2003), wait
#   tools/unoserver.sh stop [PORT]        SIGTERM (it stops its soffice), SIGKILL after 10 s
#   tools/unoserver.sh status [PORT]
#
# One server converts one document at a time: run one per worker core, each on its own
# PORT (its LibreOffice listens on PORT-1000 and keeps its own profile), and give each
# worker UNOSERVER_ADDRESS=127.0.0.1:PORT. State (pid, profile, log) goes under
# $UNOSERVER_STATE (default var/unoserver); the venv is $UNOSERVER_VENV
# (default var/unoserver-venv).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${UNOSERVER_VENV:-$ROOT/var/unoserver-venv}
STATE=${UNOSERVER_STATE:-$ROOT/var/unoserver}
PORT=${2:-2003}
UNO_PORT=$((PORT - 1000))
PIDFILE=$STATE/$PORT.pid
OFFICE_PIDFILE=$STATE/$PORT.soffice.pid

running() {
    [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

case "${1:-}" in
install)
    if [ ! -x "$VENV/bin/unoserver" ]; then
        /usr/bin/python3 -c "import uno" || {
            echo "needs Debian's python3-uno for /usr/bin/python3" >&2
            exit 1
        }
        /usr/bin/python3 -m venv --system-site-packages "$VENV"
        "$VENV/bin/pip" install --quiet unoserver
    fi
    "$VENV/bin/unoserver" --version
    ;;
start)
    [ -x "$VENV/bin/unoserver" ] || "$0" install >/dev/null
    mkdir -p "$STATE"
    if running; then
        echo "unoserver already running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"
        exit 0
    fi
    # Own session, so that stopping it never touches the caller's process group.
    # setsid may fork: the inner shell records its own pid, then becomes unoserver.
    # (Not --logfile: with it unoserver runs itself as a child that SIGTERM misses.)
    rm -f "$PIDFILE"
    setsid sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$PIDFILE" \
        "$VENV/bin/unoserver" --interface 127.0.0.1 --port "$PORT" \
        --uno-interface 127.0.0.1 --uno-port "$UNO_PORT" \
        --user-installation "$STATE/profile-$PORT" \
        --libreoffice-pid-file "$OFFICE_PIDFILE" \
        </dev/null >>"$STATE/$PORT.log" 2>&1 &
    waited=0
    while [ ! -s "$PIDFILE" ] && [ "$waited" -lt 20 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    waited=0
    until "$VENV/bin/unoping" --host 127.0.0.1 --port "$PORT" --quiet >/dev/null 2>&1; do
        if ! running || [ "$waited" -ge 120 ]; then
            echo "unoserver did not start; see $STATE/$PORT.log" >&2
            "$0" stop "$PORT" >/dev/null 2>&1 || true
            exit 1
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    echo "unoserver on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"
    ;;
stop)
    if running; then
        pid=$(cat "$PIDFILE")
        kill -TERM "$pid"
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 20 ]; do
            sleep 0.5
            waited=$((waited + 1))
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    if [ -f "$OFFICE_PIDFILE" ]; then
        office=$(cat "$OFFICE_PIDFILE")
        # Only if that pid is still a LibreOffice (pids get reused).
        if grep -q office "/proc/$office/cmdline" 2>/dev/null; then kill -KILL "$office"; fi
    fi
    rm -f "$PIDFILE" "$OFFICE_PIDFILE"
    ;;
status)
    if running; then
        echo "running on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"))"
    else
        echo "not running on 127.0.0.1:$PORT"
        exit 3
    fi
    ;;
*)
    echo "usage: $0 install|start|stop|status [PORT]" >&2
    exit 2
    ;;
esac
