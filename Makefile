# Two commands do all set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint types pytest pytest-browser pytest-server bench messages schema clean

$(VENV)/.run-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[dev]'
	touch $@ $(VENV)/.run-installed

## run: install, migrate, load actors and demo users, start web + worker + beat
run: $(VENV)/.run-installed
	exec $(PY) -m config.launcher

## test: lint, types, the suite on SQLite, then the server-marked tests on PostgreSQL + Redis
test: $(VENV)/.dev-installed lint types pytest pytest-browser pytest-server

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(VENV)/.dev-installed
	$(VENV)/bin/mypy .

pytest: $(VENV)/.dev-installed
	env -u DATABASE_URL -u CELERY_BROKER_URL $(VENV)/bin/pytest -m "not server and not browser" -n auto

# Its own run: a worker that drove chromium keeps Playwright's event loop, in which pyHanko
# cannot sign. Two workers: the plan's lifecycle on one, the other walks on the other.
# Without /usr/bin/chromium the tests are skipped, except in CI (CI=true), where they fail.
pytest-browser: $(VENV)/.dev-installed
	env -u DATABASE_URL -u CELERY_BROKER_URL $(VENV)/bin/pytest -m browser -n 2 --dist loadgroup

# In CI (CI=true) the servers are mandatory: .ci/run starts them and exports the URLs.
pytest-server: $(VENV)/.dev-installed
	@if [ -n "$$TEST_POSTGRES_URL" ] && [ -n "$$TEST_REDIS_URL" ]; then \
		DATABASE_URL="$$TEST_POSTGRES_URL" CELERY_BROKER_URL="$$TEST_REDIS_URL" \
			$(VENV)/bin/pytest -m server; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI: TEST_POSTGRES_URL and TEST_REDIS_URL are required for the server tests"; exit 1; \
	else \
		echo "server tests not run: set TEST_POSTGRES_URL and TEST_REDIS_URL (see README)"; \
	fi

## bench: every benchmark with its baseline (throwaway PostgreSQL + Redis unless BENCH_POSTGRES_URL)
bench: $(VENV)/.dev-installed
	$(PY) -m benchmarks $(if $(BENCH_POSTGRES_URL),--postgres $(BENCH_POSTGRES_URL)) $(BENCH_ARGS)

messages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages -l es -l en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

## schema: regenerate the committed OpenAPI schema of the REST API (api/openapi.yaml)
schema: $(VENV)/.dev-installed
	$(PY) manage.py spectacular --file api/openapi.yaml --validate --fail-on-warn

clean:
	rm -rf $(VENV) var
