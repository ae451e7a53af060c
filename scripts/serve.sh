#!/usr/bin/env bash
# Runs the platform on http://127.0.0.1:8000 (`make run`).
#
#   default             SQLite under var/, Celery tasks run eagerly in the web process
#   DATABASE_URL and    PostgreSQL + Redis, with a Celery worker and beat started here
#   REDIS_URL set       in the background and stopped when this script ends
#   DJANGO_ENV=production   gunicorn instead of runserver, collectstatic first
#
# The demo data (Busan's 2025 cohort) is seeded in development only; SEED_DEMO=1 forces it.
# PORT changes the port (default 8000).
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
export DJANGO_ENV=${DJANGO_ENV:-development}
ADDRESS=127.0.0.1:${PORT:-8000}
# Links in e-mails point at this server unless SITE_URL says otherwise.
export SITE_URL=${SITE_URL:-http://$ADDRESS}

mkdir -p var

wait_for_database() {
    local deadline=$((SECONDS + 30))
    echo "Waiting for PostgreSQL (up to 30 s) ..."
    while true; do
        if [[ "$DATABASE_URL" =~ ^postgres(ql)?:// ]] && command -v pg_isready >/dev/null 2>&1; then
            pg_isready -q -d "$DATABASE_URL" && return 0
        elif "$PYTHON" manage.py shell -c "from django.db import connection; connection.ensure_connection()" \
            >/dev/null 2>&1; then
            return 0
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "error: PostgreSQL at DATABASE_URL did not answer within 30 s." >&2
            return 1
        fi
        sleep 1
    done
}

database=SQLite
if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" =~ ^(postgres|postgresql|pgsql|psql|postgis):// ]]; then
    database=PostgreSQL
    wait_for_database
fi

"$PYTHON" manage.py migrate --noinput
if [ "$DJANGO_ENV" = development ] || [ "${SEED_DEMO:-}" = 1 ]; then
    "$PYTHON" manage.py seed_demo
fi
if [ "$DJANGO_ENV" = production ]; then
    "$PYTHON" manage.py collectstatic --noinput
fi

pids=()
stop_background() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}

if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
    mode="$database + Redis + worker + beat"
    trap stop_background EXIT
    trap 'stop_background; exit 130' INT
    trap 'stop_background; exit 143' TERM
    "$PYTHON" -m celery -A learninggroup worker -l info -Q celery,exports &
    pids+=($!)
    "$PYTHON" -m celery -A learninggroup beat -l info --schedule var/celerybeat-schedule &
    pids+=($!)
elif [ -n "${REDIS_URL:-}" ]; then
    mode="$database + Redis, no worker (set DATABASE_URL too, or run 'celery -A learninggroup worker' yourself)"
    echo "warning: REDIS_URL is set without DATABASE_URL: tasks are queued in Redis but no worker is started." >&2
else
    mode="$database + eager tasks"
fi

echo
echo "==> http://$ADDRESS  ($DJANGO_ENV: $mode)"
echo

if [ "$DJANGO_ENV" = production ]; then
    web=("$PYTHON" -m gunicorn learninggroup.wsgi:application --bind "$ADDRESS" --workers "${WEB_CONCURRENCY:-3}")
else
    web=("$PYTHON" manage.py runserver "$ADDRESS")
fi

if [ ${#pids[@]} -eq 0 ]; then
    exec "${web[@]}"
fi
# With a worker and beat beside it, the web process runs in the background too, so that a
# signal reaches the traps at once; it keeps the terminal's input (for breakpoint()).
"${web[@]}" <&0 &
web_pid=$!
pids+=("$web_pid")
wait "$web_pid"
