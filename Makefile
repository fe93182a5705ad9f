# Kommunenettverk: every task a developer or CI needs. `make run` and `make test` are the two
# commands a newcomer types; everything else is reached from them. They print one line per step
# (the tools' own chatter only when a step fails).
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

.PHONY: run install static migrate demo serve test test-fast test-browser lint messages clean \
	loadtest bench bench-indicators bench-search system-packages

# --- installation ---------------------------------------------------------------------------
.tools/bin/uv:
	@echo "Installing uv into .tools/ (pip) …"
	@$(PYTHON) -m venv .tools
	@.tools/bin/pip install -qq uv

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	@echo "Installing the Python packages into $(VENV)/ (uv sync, from uv.lock) …"
	@$(UV) sync --frozen --quiet --python $(PYTHON)
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "Installing the front-end packages into node_modules/ (npm ci, from package-lock.json) …"
	@npm ci --no-audit --no-fund --loglevel=error >/dev/null  # errors still reach stderr
	@touch $@

# Front-end packages are copied from node_modules into a git-ignored folder that Django serves.
static_build/.built: node_modules/.installed Makefile
	@echo "Building the front-end files into static_build/ …"
	@mkdir -p static_build/vendor
	@cp node_modules/@digdir/designsystemet-css/dist/src/index.css static_build/vendor/designsystemet.css
	@cp node_modules/@digdir/designsystemet-theme/brand/digdir.css static_build/vendor/designsystemet-theme.css
	@cp node_modules/htmx.org/dist/htmx.min.js static_build/vendor/htmx.min.js
	@cp node_modules/vega/build/vega.min.js static_build/vendor/vega.min.js
	@cp node_modules/vega-lite/build/vega-lite.min.js static_build/vendor/vega-lite.min.js
	@cp node_modules/vega-embed/build/vega-embed.min.js static_build/vendor/vega-embed.min.js
	@# vega-interpreter ships as an ES module importing vega-util; vega's UMD build exports the
	@# same helpers, so a classic script (no import map, which the CSP would block) is made here.
	@( echo '(function () {'; \
	  sed -e "s/^import { \(.*\) } from 'vega-util';/const { \1 } = window.vega;/" \
	      -e 's/^export { expression as expressionInterpreter };/window.vegaExpressionInterpreter = expression;/' \
	      node_modules/vega-interpreter/build/vega-interpreter.js; \
	  echo '})();' ) > static_build/vendor/vega-interpreter.js
	@# Source maps are not shipped; their references would break collectstatic's manifest.
	@sed -i '/^\/\/# sourceMappingURL=/d' static_build/vendor/*.js
	@touch $@

install: $(VENV)/.installed static_build/.built

static: static_build/.built

# --- running --------------------------------------------------------------------------------
migrate: install
	@echo "Creating or updating the database tables (SQLite in var/ unless DATABASE_URL is set) …"
	@mkdir -p var
	@$(MANAGE) migrate --noinput --verbosity 0

demo: migrate
	@$(MANAGE) load_registry
	@$(MANAGE) load_demo

# In development (DEBUG on) email is written to var/mail/, one file per message batch.
# One command, two processes: the task worker (imports, report files, email) in the background
# with its log in var/log/worker.log, and the web server in the foreground; leaving the server
# (Ctrl+C) stops the worker too. With REPLY_DOMAIN set, a third: the LMTP listener for replies
# by email (`mail_receive`, log in var/log/mail.log); without it that command ends at once.
run: demo
	@mkdir -p var/log
	@echo "Open http://$(HOST):$(PORT)/ and sign in as a demo user above; email is in var/mail/,"
	@echo "the task worker's log in var/log/worker.log; Ctrl+C stops both."
	@$(MANAGE) worker >> var/log/worker.log 2>&1 & worker=$$!; \
	$(MANAGE) mail_receive >> var/log/mail.log 2>&1 & receiver=$$!; \
	trap 'kill $$worker $$receiver 2>/dev/null; wait $$worker $$receiver 2>/dev/null' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Production-style serving: gunicorn sync workers (see docs/deployment in README).
serve: install
	$(MANAGE) collectstatic --noinput
	$(VENV)/bin/gunicorn kommunenettverk.config.wsgi --chdir src --bind $(HOST):$(PORT) \
		--workers $${WEB_CONCURRENCY:-3} --access-logfile -

# --- quality --------------------------------------------------------------------------------
# Debian's Chromium and PostgreSQL's server programs, installed with apt-get when missing (as
# root or through sudo), else a one-line refusal that says what to run.
system-packages:
	@scripts/system_packages.sh chromium postgresql redis-server

# The whole suite: unit, integration, operations (tests/operations, the fresh clone) and
# browser tests, on SQLite unless DATABASE_URL is set.
test: system-packages install
	$(PY) -m pytest -q -n 2 --dist loadgroup -m "not browser"
	$(PY) -m pytest -q -m browser

# Without the browser and operations tests: nothing needed beyond `make install`, and quick.
# CI runs it on PostgreSQL after `make test` on SQLite.
test-fast: install
	$(PY) -m pytest -q -n 2 --dist loadgroup -m "not browser and not operations"

test-browser: install
	@scripts/system_packages.sh chromium
	$(PY) -m pytest -q -m browser

# Load and performance (docs/performance.md); both start their own PostgreSQL (initdb, unless
# LOADTEST_/BENCH_DATABASE_URL names a prepared database) and gunicorn on 127.0.0.1.
# `make loadtest USERS=20 SECONDS=30`.
USERS ?= 50
SECONDS ?= 60
loadtest: install
	@$(if $(LOADTEST_DATABASE_URL),true,scripts/system_packages.sh postgresql)
	$(PY) -m loadtest --users $(USERS) --seconds $(SECONDS)

# Every benchmark prints figures (none is a test): key pages against a minimal page
# (docs/performance.md), the national-size indicator set, and the idea bank search.
# `make bench BENCH_SMALL=1`: tiny data sets (bench/size.py), to see that they work.
bench: install
	@$(if $(BENCH_DATABASE_URL),true,scripts/system_packages.sh postgresql)
	$(PY) -m bench
	$(PY) scripts/bench_indicators.py
	$(PY) bench/ideabank_search.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy src tests conftest.py manage.py bench loadtest
	mkdir -p var
	$(MANAGE) makemigrations --check --dry-run

# Indicator benchmark: prints import, analytics and page timings (not a test). SQLite by
# default; `DATABASE_URL=postgres://…/kn_bench make bench` on PostgreSQL (its own database).
bench-indicators: install
	$(PY) scripts/bench_indicators.py

# Idea bank search p95 over 20,000 generated examples (SQLite, or PostgreSQL via DATABASE_URL).
bench-search: install
	$(PY) bench/ideabank_search.py

messages: install
	cd src/kommunenettverk && ../../$(PY) ../../manage.py makemessages -l en --no-obsolete
	cd src/kommunenettverk && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) .tools node_modules static_build var
