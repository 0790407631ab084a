# syntax=docker/dockerfile:1
# Production-like image for web (gunicorn), worker and beat; see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=zi_portal.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# WeasyPrint from wheels needs Pango and HarfBuzz-Subset (its install docs for Debian);
# DejaVu gives the PDFs a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --user-group --uid 10001 --home-dir /app --no-create-home app

WORKDIR /app

# requirements.lock also pins the dev extra (pytest, playwright, ...): install only the
# runtime dependencies from pyproject.toml, at the versions the lock pins.
COPY pyproject.toml requirements.lock ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.in \
    && pip install -r /tmp/requirements.in -c requirements.lock \
    && rm /tmp/requirements.in

# The code stays owned by root, read-only for the app user.
COPY . .

# Production settings refuse to load without their secrets; these placeholders exist only
# for this build step and are not kept in the image.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/var/beat \
    && chown app:app /app/media /app/var/beat

USER app
EXPOSE 8000
CMD ["gunicorn", "zi_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]
