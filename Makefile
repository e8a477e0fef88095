# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APP_STAMP := $(VENV)/.installed-app
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: install install-app db bank run test test-postgres lint mutate bench browser clean

# What the app needs to run (make run); the test and lint tools and the packages the bank's
# snippets import come on top, for make test and make lint.
$(APP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install-app: $(APP_STAMP)

install: $(STAMP)

db: install-app  ## apply migrations to the SQLite database in instance/ (or DATABASE_URL)
	$(BIN)/flask db upgrade

bank: db  ## load the bundled bank
	$(BIN)/flask bank load content

run: bank  ## serve on http://127.0.0.1:5000 (HOST=0.0.0.0 PORT=8080 make run to change)
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: install  ## the whole suite (browser tests need Chromium: `make browser`)
	$(BIN)/flask bank check content
	$(BIN)/pytest

test-postgres: install  ## the suite again on PostgreSQL
	PRACTICE_TEST_DATABASE_URL=$${PRACTICE_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} $(BIN)/pytest

lint: install  ## ruff, mypy (strict on the domain) and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict practice/domain
	$(BIN)/mypy practice
	$(BIN)/lint-imports

mutate: install  ## mutation testing of the domain, rating, access and figures (slow; not in CI)
	$(BIN)/python bench/mutate.py

bench: install
	$(BIN)/python bench/bank_load.py

browser:  ## Debian's Chromium for the browser tests (needs root)
	apt-get update && apt-get install -y chromium

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
