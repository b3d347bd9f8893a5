# Linnékommuner i samverkan — `make run` starts the app, `make test` runs every check.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# Where `make run` and `make cluster`'s nginx listen: loopback unless opened deliberately
# (`make run ADDRESS=0.0.0.0` puts the app on every interface, e.g. a conference Wi-Fi).
ADDRESS ?= 127.0.0.1

.PHONY: run test lint format demo bench cluster clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { echo "Kunde inte skapa $(VENV): installera python3-venv (apt-get install python3-venv)."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

## run: start the dashboard on the demo data, on ADDRESS (loopback) only
run: $(VENV)/.installed
	@echo "Instrumentpanelen startar på http://$(ADDRESS):$(PORT)  (Ctrl+C avslutar)"
	$(PY) -m deploy.run --port $(PORT) --address $(ADDRESS)

## cluster: nginx in front of REPLICAS app processes sharing one PostgreSQL, on ADDRESS
## (installs nginx and postgresql first when root; Ctrl+C stops everything)
REPLICAS     ?= 2
CLUSTER_PORT ?= 8080
cluster:
	@$(PYTHON) -m deploy.cluster --prepare
	@$(MAKE) --no-print-directory $(VENV)/.installed
	$(PY) -m deploy.cluster --replicas $(REPLICAS) --port $(CLUSTER_PORT) --address $(ADDRESS)

## test: ruff, then every test (unit, pages, real browser, cluster, PostgreSQL). Installs
## Debian's chromium, nginx and postgresql when missing (as root; else prints the command)
## and starts a throw-away PostgreSQL on loopback unless LINNEDATA_TEST_PG_URL names one.
test: $(VENV)/.dev-installed
	@$(PYTHON) -m deploy.packages chromium nginx postgresql
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	bash .ci/with-postgres.sh $(PY) -m pytest

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## demo: regenerate the fictional demo survey in data/demo/
demo: $(VENV)/.installed
	$(PY) -m linnedata demo

## bench: page timings, map payload and browser draw time
bench: $(VENV)/.dev-installed
	$(PY) -m benchmarks.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
