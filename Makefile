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

.PHONY: install run serve test lint format ci seed clean messages

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	SITE_URL=$(SITE_URL) $(BIN)/daphne --bind $(HOST) --port $(PORT) --websocket-max-message-size 16384 config.asgi:application

# The production topology on loopback: nginx on PORT (8000), gunicorn for pages and daphne
# for /ws/, WEB_CONCURRENCY (2) of each; needs REDIS_URL (and DATABASE_URL for PostgreSQL).
serve: install
	$(BIN)/python -m config.serve

test: install
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

ci: install lint messages
	$(BIN)/pytest -q
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_CI_URL) REQUIRE_SERVICES=1 $(BIN)/pytest -q

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles .pytest_cache
