# The portal's one image: web (gunicorn), worker and beat (Celery) all run from it.
# docker-compose.yml sets the command and the environment; docs/environment.md lists the variables.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH="/opt/venv/bin:$PATH"

RUN pip install --no-cache-dir --root-user-action=ignore uv

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project && rm -rf /root/.cache/uv

COPY . .

# Hashed, compressed static files for WhiteNoise. The key only lets settings load: collectstatic
# signs nothing, and the real key is given at run time.
RUN LPSA_PRODUCTION=1 SECRET_KEY=build-time-only-not-a-secret \
    python manage.py collectstatic --no-input

# Uploads live on a named volume mounted at /data/media; Docker copies this directory's owner into
# a new volume, so the unprivileged user can write there.
RUN useradd --system --uid 10001 --no-create-home --home-dir /app lpsa \
    && mkdir -p /data/media \
    && chown lpsa:lpsa /data/media
ENV MEDIA_ROOT=/data/media

USER lpsa
EXPOSE 8000

CMD ["gunicorn", "lpsa.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
