# Reading Room: `make demo` to see it, `make test` to check it.
# Needs only Python 3.11 and git; everything else goes into .venv (and node_modules, with npm).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RR := $(BIN)/readingroom
HOST ?= 127.0.0.1
PORT ?= 8000

# The demo's database, uploads and secret key live in ./var unless told otherwise.
export READINGROOM_DATA ?= $(CURDIR)/var

.PHONY: install demo serve test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Browser libraries served as static files (the IIIF viewer), pinned by package-lock.json.
# Without npm the pages still work: scans show as plain images instead of the viewer.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm is missing: the deep-zoom viewer is left out (apt-get install npm adds it)"; \
	fi

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
	rm -rf $(VENV) var .pytest_cache node_modules
