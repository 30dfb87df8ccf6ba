# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/recovery_forum_ci
REDIS_CI_URL ?= redis://127.0.0.1:6379/7
# Where `make run` serves; e-mails link there (SITE_URL), so change them together.
HOST ?= 127.0.0.1
PORT ?= 8000
SITE_URL ?= http://$(HOST):$(PORT)

# axe-core for the accessibility audit (tests/browser/test_accessibility.py), from npm.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js

.PHONY: install install-axe run serve test lint format ci seed clean messages

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	npm ci --prefix tests/browser/axe --no-audit --no-fund --silent
	touch $(AXE)

install-axe: $(AXE)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	# The task worker (mail) and the notification relay run beside daphne and stop with
	# it, Ctrl-C included.
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py notification_relay & relay=$$!; \
	trap 'kill $$worker $$relay 2>/dev/null; wait $$worker $$relay' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) $(BIN)/daphne --bind $(HOST) --port $(PORT) --websocket-max-message-size 16384 config.asgi:application

# The production topology on loopback: nginx on PORT (8000), gunicorn for pages and daphne
# for /ws/, WEB_CONCURRENCY (2) of each; needs REDIS_URL (and DATABASE_URL for PostgreSQL).
serve: install
	$(BIN)/python -m config.serve

# Without npm the audit skips; `make ci` installs axe-core and requires it.
test: install
	command -v npm > /dev/null && $(MAKE) --no-print-directory install-axe || true
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The compiled catalogues (locale/*/LC_MESSAGES/*.mo) are committed, so that `make run`
# needs no gettext; CI compiles them again from the .po files (apt: gettext).
messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The accessibility audit checks markup, which is the same on either database: it runs
# once, in the second run, where a missing browser or axe-core fails instead of skipping.
ci: install install-axe lint messages
	$(BIN)/pytest -q --ignore=tests/browser/test_accessibility.py
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_CI_URL) REQUIRE_SERVICES=1 $(BIN)/pytest -q

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .pytest_cache tests/browser/axe/node_modules
