# One image for web, worker and beat (see docker-compose.yml and Procfile).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# fonts-nanum: the Korean font for PDFs; gettext: compilemessages. psycopg[binary] brings its own libpq.
# postgresql-client-15: pg_dump/pg_restore for manage.py backup/restore, Debian 12's own. Its major version is
# the database's in docker-compose.yml (postgres:15): change both together (tests/test_compose.py checks it;
# docs/operations.md says how to move to a newer PostgreSQL).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-nanum gettext postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

ENV DJANGO_ENV=production \
    MEDIA_ROOT=/data/media

# Static files and translations are built into the image; the key and host here are for the build only.
RUN SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput \
    && SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py compilemessages --ignore=.venv \
    && mkdir -p /data/media \
    && chown -R app:app /data /app

USER app
VOLUME ["/data/media"]
EXPOSE 8000

# The web service's sizing (docker-compose.yml runs the same with migrate first).
CMD ["gunicorn", "learninggroup.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--threads", "4", "--preload", "--timeout", "60", "--graceful-timeout", "30", "--max-requests", "2000", "--max-requests-jitter", "200"]
