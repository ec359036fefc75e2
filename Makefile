# Reading Room: `make demo` to see it, `make test` to check it.
# Needs only Python 3.11 and git; everything else is installed into .venv.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RR := $(BIN)/readingroom
HOST ?= 127.0.0.1
PORT ?= 8000

# The demo's database, uploads and secret key live in ./var unless told otherwise.
export READINGROOM_DATA ?= $(CURDIR)/var

.PHONY: install demo serve test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: install
	$(RR) migrate --noinput
	$(RR) load_sample
	@echo "Reading Room is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(RR) runserver $(HOST):$(PORT)

serve: install
	$(RR) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite on SQLite, then on PostgreSQL when DATABASE_URL names one.
test: install lint test-sqlite test-postgres

test-sqlite: install
	env -u DATABASE_URL $(RR) makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: install
	@case "$$DATABASE_URL" in \
	  postgres*) echo "== the suite on PostgreSQL ($$DATABASE_URL)"; $(BIN)/pytest ;; \
	  *) echo "== PostgreSQL: skipped (set DATABASE_URL=postgresql://… to run the suite on it)" ;; \
	esac

bench: install
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) var .pytest_cache
