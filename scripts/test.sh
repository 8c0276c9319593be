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
.venv/bin/lint-imports  # the import contracts in pyproject.toml
.venv/bin/hadolint Dockerfile
.venv/bin/python manage.py makemigrations --check --dry-run
# The main run (pyproject's addopts leave out the outage and sqlite tests), then
# the tests of the embedded SQLite database without DATABASE_URL, then the
# outage test alone: it stops and restarts the search engine. All must pass.
main=0
# The slowest tests are listed at the end: the suite must stay well under 30 minutes.
# Two workers by default (TEST_WORKERS; 0 runs in this process); tests/parallel.py
# says how they share the suite.
.venv/bin/pytest -n "${TEST_WORKERS:-2}" --durations=25 "$@" || main=$?
embedded=0
env -u DATABASE_URL .venv/bin/pytest "$@" -m sqlite || embedded=$?
outage=0
.venv/bin/pytest "$@" -m outage || outage=$?
# 5 = nothing selected, e.g. when "$@" names only other test folders.
if [ "$embedded" -eq 5 ]; then embedded=0; fi
if [ "$outage" -eq 5 ]; then outage=0; fi
if [ "$main" -ne 0 ] || [ "$embedded" -ne 0 ] || [ "$outage" -ne 0 ]; then
    echo "pytest failed (main run: $main, sqlite run: $embedded, outage run: $outage)" >&2
    exit 1
fi
