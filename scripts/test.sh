#!/usr/bin/env bash
# Run the whole test suite against the real services: start them, run pytest
# with their environment, stop them again (also on failure or interrupt).
set -euo pipefail
cd "$(dirname "$0")/.."

cleanup() { bash scripts/services.sh stop || true; }
trap cleanup EXIT

bash scripts/services.sh start
eval "$(bash scripts/services.sh env)"
export DJANGO_SETTINGS_MODULE=config.settings.test

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/hadolint Dockerfile
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/pytest "$@"
