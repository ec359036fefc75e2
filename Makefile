# Reading Room: `make demo` to see it, `make test` to check it.
# Needs only Python 3.11 and git; everything else goes into .venv (and node_modules, with npm).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RR := $(BIN)/readingroom
HOST ?= 127.0.0.1
PORT ?= 8000

# The demo's database, uploads and secret key live in ./var: READINGROOM_DATA's default in
# a checkout, so `.venv/bin/readingroom createsuperuser` finds the same archive.
# What make runs is development: a secret key is generated into var/private/. Production
# (the default outside make) refuses to start without SECRET_KEY (docs/security.md).
export READINGROOM_ENV ?= development
# Links in citations and permalinks follow HOST and PORT: `PORT=8101 make demo`.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install ocr demo serve createsuperuser test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed node_modules/.installed ocr

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

# OCR of scans (docs/background-jobs.md) runs Debian's Tesseract with English, Russian and
# Chinese data; the OCR tests draw their pages with DejaVu Sans. Installed only as root.
OCR_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-chi-sim \
  fonts-dejavu-core
OCR_READY := tesseract --list-langs 2>/dev/null | grep -qx rus \
  && tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
  && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

ocr:
	@if $(OCR_READY); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "== installing Tesseract for OCR: $(OCR_PACKAGES)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq $(OCR_PACKAGES) >/dev/null; } \
	  || echo "Tesseract could not be installed: OCR of scans is off"; \
	else \
	  echo "Tesseract is missing: OCR of scans is off (sudo apt-get install $(OCR_PACKAGES))"; \
	fi

# The background worker (imports, OCR) runs beside the web server, is started again if it
# ever stops, and stops with the server. runserver prints each request itself.
demo: install
	$(RR) migrate --noinput
	$(RR) setup_roles
	$(RR) load_sample
	@echo "Reading Room is at http://$(HOST):$(PORT)/ (Ctrl-C stops it; PORT=8101 make demo for another port)"
	@( while :; do $(RR) db_worker; echo "db_worker stopped; starting it again"; sleep 2; done ) & \
	loop=$$!; trap 'pkill -TERM -P $$loop 2>/dev/null; kill $$loop 2>/dev/null' EXIT INT TERM; \
	LOG_REQUESTS=false $(RR) runserver $(HOST):$(PORT)

# Serving as in production (gunicorn, WEB_WORKERS processes; see docs/operations.md).
serve: install
	$(RR) serve --bind $(HOST):$(PORT)

createsuperuser: install
	$(RR) createsuperuser

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
