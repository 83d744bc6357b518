# cxflow: `make run` serves a demo on http://127.0.0.1:5000, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
VENDOR := cxflow/static/vendor

.PHONY: run install assets translations messages migrate seed test test-postgres browser lint worker beat clean

run: install migrate seed
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed assets translations

# Front-end libraries come from the npm registry at install time and are never committed
# (axe-core stays in node_modules: only the browser tests inject it).
assets: $(VENDOR)/bootstrap/bootstrap.min.css

$(VENDOR)/bootstrap/bootstrap.min.css: package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/LICENSE $(VENDOR)/bootstrap/
	mkdir -p $(VENDOR)/chartjs
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md $(VENDOR)/chartjs/

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d cxflow/translations

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) cxflow seed-demo

# The suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set (.ci/run sets it).
# pytest exits 5 when it collects nothing; that is not a failure of the code.
test: install browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports  # the layers of pyproject.toml [tool.importlinter]
	env -u TEST_DATABASE_URL $(VENV)/bin/pytest || [ $$? -eq 5 ]
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

# Browser tests drive Debian's chromium: install it where we may (root with apt-get); elsewhere
# the browser tests are skipped with one line saying why (CI, CXFLOW_REQUIRE_SERVICES=1, fails).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: the browser tests will be skipped"; \
	  else echo "no /usr/bin/chromium and no root apt-get: the browser tests will be skipped"; fi; \
	fi

test-postgres: install
	$(VENV)/bin/pytest -m "not e2e" || [ $$? -eq 5 ]

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# Background jobs with Redis: REDIS_URL=redis://127.0.0.1:6379/0 make worker (and make beat).
worker: install
	$(VENV)/bin/celery -A make_celery worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A make_celery beat --loglevel=info --schedule instance/celerybeat-schedule

clean:
	rm -rf $(VENV) node_modules $(VENDOR)

# After changing UI strings: refresh the Russian catalogue, then translate the new entries.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o /tmp/cxflow-messages.pot .
	$(VENV)/bin/pybabel update -i /tmp/cxflow-messages.pot -d cxflow/translations --width 100
