# The learning-group platform. `make run` for a local server, `make test` for the suite.

VENV        := .venv
PYTHON      := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: venv run test bench lint format messages clean

# Internal: the virtualenv, reinstalled only when requirements.txt is newer than the stamp.
venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

# A local server on http://127.0.0.1:8000 (SQLite + eager tasks unless DATABASE_URL and REDIS_URL are set).
run: venv
	scripts/serve.sh

# The whole suite; pass options with PYTEST_ARGS="tests/test_deployment.py -x".
test: venv
	scripts/ensure-debian-packages.sh
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# The performance benchmark, against PostgreSQL (see bench/run.py).
bench: venv
	$(PYTHON) bench/run.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Korean translations: collect the strings into locale/ko, then compile them.
messages: venv
	cd $(CURDIR) && $(PYTHON) manage.py makemessages -l ko --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var
	cd $(CURDIR) && $(PYTHON) manage.py compilemessages -l ko --ignore=.venv

# Build and test leftovers; keeps .venv and the data under var/.
clean:
	rm -rf staticfiles .pytest_cache .ruff_cache .hypothesis test-results var/celerybeat-schedule*
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
