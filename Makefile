# The portal's two commands: `make run` (set up and serve the demo) and `make test`.
# Without DATABASE_URL both use a private PostgreSQL in var/ (see unions/devdb.py).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test e2e lint install messages backup restore backup-drill bench-load bench-faults audit clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py setup_portal
	@echo "Serving on http://$(HOST):$(PORT)/  (back office: /admin/, API: /api/v1/)"
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: install
	$(PY) manage.py compile_translations
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -q

# Browser tests in the system's Chromium (/usr/bin/chromium); screenshots go to var/screenshots/.
e2e: install
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || { echo "Chromium not found: apt-get install chromium"; exit 1; }
	$(PY) manage.py compile_translations
	DJANGO_ALLOW_ASYNC_UNSAFE=1 $(PY) -m pytest -q -p no:cacheprovider tests/e2e --override-ini addopts=

lint: install
	$(VENV)/bin/ruff check .

# Known vulnerabilities in the installed dependencies (pip-audit); see .ci/audit for what a
# machine without access to a vulnerability service reports.
audit: install
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[audit]"
	$(PY) .ci/audit

# Refresh the Chinese catalogues after changing translatable strings (needs GNU gettext).
# Each app's catalogue sits in <app>/locale (Python) and templates/<app>/locale (templates).
messages: install
	@for dir in unions stations jobs mediation model_workers templates; do \
	  (cd $$dir && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l zh_Hans --no-obsolete) || exit 1; \
	done

clean:
	rm -rf $(VENV) var

# Backups: pg_dump -Fc into var/backups/; restore one with `make restore DUMP=var/backups/….dump`.
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(DUMP)" || { echo "Usage: make restore DUMP=var/backups/portal-….dump"; exit 2; }
	$(PY) manage.py restore --yes "$(DUMP)"

# Dump, restore into a scratch database, compare every sensitive table and trigger.
backup-drill: install
	$(PY) manage.py backup_drill

# Jobs at scale: 1,000,000 postings seeded with COPY into <database>_bench_jobs, timed against the
# raw-SQL floor (keyword search, partner list, filter counts, matching); fails on a missed goal.
bench-jobs: install
	$(PY) bench/jobs/bench_jobs.py

# Stations at scale: 200,000 stations seeded with COPY, hot paths against the raw-SQL floor
# (own database <name>_bench_stations; a few minutes on 2 cores). Not part of `make test`.
bench-stations: install
	$(PY) bench/stations/bench.py

# Load test: gunicorn on PostgreSQL under a mixed workload (LOAD_DURATION, LOAD_USERS).
bench-load: install
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[bench]"
	$(PY) bench/load/run.py

# Fault drills on a private PostgreSQL: sessions killed, a restart under load, a runaway query.
bench-faults: install
	$(PY) bench/faults/run.py

# API fuzzing: schemathesis on a live gunicorn, every operation and phase, seed fixed, 100 examples
# per operation, then a two-peer authorization sweep; own database <name>_fuzz. CI runs it after `make test`.
fuzz: install
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[fuzz]"
	$(PY) bench/fuzz/run.py
