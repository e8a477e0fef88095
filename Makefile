# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: install db bank run test test-postgres lint mutate bench browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

db: install  ## apply migrations to the SQLite database in instance/ (or DATABASE_URL)
	$(BIN)/flask db upgrade

bank: db  ## load the bundled bank
	$(BIN)/flask bank load content

run: bank  ## serve on http://127.0.0.1:5000
	$(BIN)/flask run --host 127.0.0.1 --port 5000

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
