# The portal's toolchain. `make help` lists the targets.
UV ?= uv
PY := .venv/bin/python
# Tests and CI run against this machine's PostgreSQL and Redis unless told otherwise.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lpsa
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist processes: each has its own test database (test_lpsa_gw0, ...), cache-key prefixes
# and Celery queue, so they share PostgreSQL and Redis safely. Two halve the suite on two cores.
TEST_WORKERS ?= 2

.PHONY: help install run worker test check lint format bench seed messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-10s %s\n", $$1, $$2}'

install: ## Install the locked dependencies into .venv, and axe-core for the browser tests
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@# axe-core, pinned in package-lock.json; the tests read it from node_modules/, never the network.
	@if ! command -v npm >/dev/null; then echo "npm not found: the browser tests need it (apt-get install npm)"; \
	elif [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --ignore-scripts --no-audit --no-fund; fi

run: install ## Migrate, load demo content, serve on :8000 with a Celery worker (SQLite, no Redis)
	mkdir -p var/celery-queue var/celery-processed var/mail
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo --members 300
	@echo "Portal: http://127.0.0.1:8000 (the demo logins are printed above; mail lands in var/mail/)"
	DEBUG=1 $(PY) -m celery -A lpsa worker --beat --schedule var/celerybeat-schedule --pool solo --loglevel INFO & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install ## Run the whole test suite (PostgreSQL, Redis, a Celery worker, SMTP, Chromium)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	  $(PY) -m pytest --numprocesses $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

check: install ## ruff, Django's checks and the migrations check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install ## Format and autofix with ruff
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install ## Each page's figures at two sizes (gunicorn, PostgreSQL); the newsletter's sending speed
	$(PY) benchmarks/run.py $(BENCH_ARGS)
	$(PY) benchmarks/newsletter.py

# The .mo files are committed too, so an install or a CI machine needs no gettext.
messages: install ## Update the translation catalogues (locale/) from the code, then compile them
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var

clean: ## Remove the local database, media, mail and queue
	rm -rf var
