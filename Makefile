# Kommunenettverk: every task a developer or CI needs. `make run` and `make test` are the two
# commands a newcomer types; everything else is reached from them.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install static migrate demo serve test test-fast test-browser lint messages clean bench-search

# --- installation ---------------------------------------------------------------------------
.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Front-end packages are copied from node_modules into a git-ignored folder that Django serves.
static_build/.built: node_modules/.installed
	mkdir -p static_build/vendor
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css static_build/vendor/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css static_build/vendor/designsystemet-theme.css
	cp node_modules/htmx.org/dist/htmx.min.js static_build/vendor/htmx.min.js
	touch $@

install: $(VENV)/.installed static_build/.built

static: static_build/.built

# --- running --------------------------------------------------------------------------------
migrate: install
	mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_registry
	$(MANAGE) load_demo

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

# Production-style serving: gunicorn sync workers (see docs/deployment in README).
serve: install
	$(MANAGE) collectstatic --noinput
	$(VENV)/bin/gunicorn kommunenettverk.config.wsgi --chdir src --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-3} --access-logfile -

# --- quality --------------------------------------------------------------------------------
# The whole suite: unit, integration and browser tests (on SQLite unless DATABASE_URL is set).
test: install
	$(PY) -m pytest -q -n 2 -m "not browser"
	$(PY) -m pytest -q -m browser

test-fast: install
	$(PY) -m pytest -q -n 2 -m "not browser"

test-browser: install
	$(PY) -m pytest -q -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy src tests conftest.py manage.py
	$(MANAGE) makemigrations --check --dry-run

# Idea bank search p95 over 20,000 generated examples (SQLite, or PostgreSQL via DATABASE_URL).
bench-search: install
	$(PY) bench/bench_ideabank_search.py

messages: install
	cd src/kommunenettverk && ../../$(MANAGE) makemessages -l en --no-obsolete
	cd src/kommunenettverk && ../../$(MANAGE) compilemessages

clean:
	rm -rf $(VENV) .tools node_modules static_build var
