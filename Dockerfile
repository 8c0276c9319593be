# Production image: gunicorn behind a reverse proxy, static files served by
# WhiteNoise, media in S3. Migrations are run as a separate release step.

FROM python:3.11-slim-bookworm AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /venv && /venv/bin/pip install "pip==25.3"
WORKDIR /app
# Dependency files first, so code changes reuse this layer.
COPY pyproject.toml ./
COPY requirements/constraints.txt requirements/
RUN /venv/bin/pip install -c requirements/constraints.txt --group base

FROM python:3.11-slim-bookworm AS runtime
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000
# The CJK font embedded in generated letters to applicants (applications/letters).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-zenhei=0.9.45-8 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --uid 10001 govcluster
COPY --from=builder /venv /venv
WORKDIR /app
COPY --chown=govcluster:govcluster . .
# collectstatic needs settings to import; these dummy values never reach runtime.
RUN SECRET_KEY=collectstatic-only-collectstatic-only-00 \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    ALLOWED_HOSTS=localhost WAGTAILADMIN_BASE_URL=http://localhost TRUSTED_PROXY_COUNT=0 \
    python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R govcluster:govcluster /app/static_collected
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]
CMD ["gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py"]
