# Entry points of the project. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_ADMIN_PASSWORD ?= demo-admin-2026
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install fonts run migrate demo test test-fast services services-stop lint format lock browser-deps messages clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate pyproject.toml requirements/constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check "pip==25.3"
	$(BIN)/pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt --group dev
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

# TrueType CJK font for the letters to applicants (PDF, applications/letters).
LETTER_FONT_PACKAGES := fonts-wqy-zenhei
fonts: ## Install the CJK font the generated letters embed, when missing
	@dpkg -s $(LETTER_FONT_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(LETTER_FONT_PACKAGES) >/dev/null; }

demo: migrate fonts ## Load (or refresh) the demo cluster
	$(BIN)/python manage.py load_demo_cluster --port $(PORT) \
		--admin-password "$(DEMO_ADMIN_PASSWORD)"

run: demo ## Run the platform with the demo sites on 127.0.0.1:$(PORT)
	@echo "Open http://www.localhost:$(PORT)/ (admin: http://www.localhost:$(PORT)/admin/, admin / $(DEMO_ADMIN_PASSWORD))"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

BROWSER_PACKAGES := chromium fonts-noto-cjk
browser-deps: tests/browser/node_modules/.installed ## Install Chromium, CJK fonts and axe-core (npm) for the browser tests when missing
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; }

# axe-core, pinned in tests/browser/package-lock.json, from the npm registry.
tests/browser/node_modules/.installed: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $@

services: ## Start PostgreSQL, OpenSearch and the S3 server (see scripts/services.sh)
	bash scripts/services.sh start

services-stop: ## Stop the local services
	bash scripts/services.sh stop

test: install fonts browser-deps ## Start the real services, run the whole suite, stop them
	bash scripts/test.sh

test-fast: install ## Run the tests that need no service, on SQLite
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m "not postgres and not opensearch and not s3 and not browser"

lint: install ## Check style (ruff), import contracts (import-linter) and migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(BIN)/activate ## Re-resolve the transitive lock from pyproject.toml
	$(BIN)/pip install --quiet "pip==25.3"
	$(BIN)/pip install --quiet --group dev
	$(BIN)/pip freeze --exclude-editable | sort -f > requirements/constraints.txt

messages: install ## Extract translatable strings and rebuild the English catalog
	@command -v xgettext >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python manage.py makemessages -l en --no-obsolete \
		--ignore=.venv --ignore=.services --ignore=tests --ignore=bench
	$(BIN)/python scripts/translate_en.py

clean: ## Remove the virtualenv, local database, media and service data
	-bash scripts/services.sh stop
	rm -rf $(VENV) db.sqlite3 media static_collected .services
