# collective.gongwen — the two commands are `make start` and `make test`.
# Everything else here is what they are made of.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
SITE_ID ?= Plone
ADMIN ?= admin:admin
DEMO ?= 1
VAR := var
INSTANCE := $(VAR)/instance
PYTEST_ARGS ?=
# The suite on two cores: pytest-xdist processes (TEST_WORKERS=0: one process, in order).
TEST_WORKERS ?= 2
# The demo documents' tests share one expensive layer: one group, one worker, last (conftest.py).
XDIST := -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder
# The bureau works in Beijing time: timestamps in logs, history and the UI.
SITE_TZ ?= Asia/Shanghai

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-19s %s\n", $$1, $$2}'

.PHONY: system-packages
system-packages: ## Install the Debian packages that are missing (apt; sudo when not root)
	@scripts/install_system_packages.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the pins or the package metadata change. The build of our
# own package uses the pinned setuptools too (PIP_BUILD_CONSTRAINT).
$(VENV)/.installed: $(BIN)/python constraints.txt setup.py
	$(BIN)/pip install -q -c constraints.txt pip setuptools wheel
	PIP_BUILD_CONSTRAINT=$(CURDIR)/constraints.txt $(BIN)/pip install -q -c constraints.txt -e '.[test,cluster]'
	touch $@

.PHONY: install
install: system-packages $(VENV)/.installed ## Create .venv and install the pinned set

# Rewritten on every run (it is cheap and keeps the data), so HOST and PORT apply.
.PHONY: instance
instance: install ## Write the Zope instance (FileStorage + blobs under var/)
	$(BIN)/python scripts/make_instance.py --host $(HOST) --port $(PORT) --var $(VAR)

.PHONY: site
site: instance ## Create the Plone site once (later runs keep the data)
	TZ=$(SITE_TZ) GONGWEN_ADMIN='$(ADMIN)' GONGWEN_SITE_ID='$(SITE_ID)' GONGWEN_DEMO='$(DEMO)' \
	  $(BIN)/zconsole run $(INSTANCE)/etc/zope.conf scripts/create_site.py

.PHONY: start
start: site ## Set up everything that is missing and serve the portal
	@echo
	@echo "  电子公文 portal: http://$(HOST):$(PORT)/$(SITE_ID)"
	@echo "  Administrator (training only): $(ADMIN)"
	@echo "  Demo accounts: see README.rst, section 'Demo accounts'"
	@echo
	TZ=$(SITE_TZ) $(BIN)/python scripts/serve.py --zope-ini $(INSTANCE)/etc/zope.ini \
	  --var $(VAR) --site-url http://$(HOST):$(PORT)/$(SITE_ID)

# The cluster (issue 21, docs/deployment.rst): PostgreSQL, Redis, INSTANCES Zope instances on
# RelStorage, haproxy on HOST:PORT (the instances on PORT+1 … PORT+INSTANCES) and the workers,
# all under CLUSTER_VAR, apart from make start's var/ (make migrate-to-cluster copies it over).
INSTANCES ?= 2
CLUSTER_VAR ?= $(VAR)/cluster
PG_PORT ?= 5433
REDIS_PORT ?= 6380

.PHONY: start-cluster
start-cluster: install ## Serve the portal as a cluster: PostgreSQL, Redis, INSTANCES instances behind haproxy
	TZ=$(SITE_TZ) $(BIN)/python scripts/cluster.py --var $(CLUSTER_VAR) --instances $(INSTANCES) \
	  --host $(HOST) --port $(PORT) --pg-port $(PG_PORT) --redis-port $(REDIS_PORT) \
	  --site-id '$(SITE_ID)' --admin '$(ADMIN)' --demo $(DEMO)

.PHONY: migrate-to-cluster
migrate-to-cluster: install ## Copy make start's data (var/: ZODB, blobs, audit) into the cluster's PostgreSQL
	$(BIN)/python scripts/migrate_to_cluster.py --var $(VAR) --cluster-var $(CLUSTER_VAR) \
	  --pg-port $(PG_PORT) $(if $(filter 1,$(REPLACE)),--replace)

.PHONY: convert-all
convert-all: ## Convert every file not converted yet (the portal must be running)
	$(BIN)/gongwen-convert-all --site-url http://$(HOST):$(PORT)/$(SITE_ID) --user $(firstword $(subst :, ,$(ADMIN)))

# Online encrypted backup (R-SEC4, docs/deployment.rst): age encrypts to the public key
# in AGE_RECIPIENTS; only the identity (private key) in AGE_IDENTITY can restore it.
BACKUP_DIR ?= backups
AGE_RECIPIENTS ?= backup-key.pub
AGE_IDENTITY ?= backup-key.txt

.PHONY: backup
backup: ## Back up var/ while the portal serves, encrypted to AGE_RECIPIENTS, into BACKUP_DIR
	$(BIN)/python scripts/backup.py backup --var $(VAR) --recipients $(AGE_RECIPIENTS) --out $(BACKUP_DIR)

.PHONY: restore
restore: ## Restore BACKUP=… into a new INTO=… (AGE_IDENTITY decrypts); then make start VAR=…
	@[ -n "$(BACKUP)" ] && [ -n "$(INTO)" ] || { echo "用法：make restore BACKUP=备份文件 INTO=新的var目录"; exit 2; }
	$(BIN)/python scripts/backup.py restore --backup $(BACKUP) --identity $(AGE_IDENTITY) \
	  --into $(INTO) --host $(HOST) --port $(PORT)

.PHONY: test
test: install ## Run the whole test suite (TEST_WORKERS=2 processes)
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

.PHONY: test-relstorage
test-relstorage: install ## The integration and functional tests again on RelStorage/PostgreSQL
	GONGWEN_TEST_STORAGE=relstorage $(BIN)/pytest $(XDIST) -m "not browser and not filestorage" \
	  tests/integration tests/functional $(PYTEST_ARGS)

.PHONY: lint
lint: install ## ruff on the code
	$(BIN)/ruff check setup.py src tests scripts bench
	$(BIN)/ruff format --check setup.py src tests scripts bench

.PHONY: i18n
i18n: install ## Rebuild the .pot from the code and sync the zh_CN and en .po files
	scripts/update_locales.sh

.PHONY: constraints
constraints: ## Regenerate constraints.txt from a fresh unpinned install (deliberate!)
	scripts/update_constraints.sh

versions.cfg: constraints.txt scripts/constraints_to_versions.py ## Buildout pins from constraints.txt
	$(PYTHON) scripts/constraints_to_versions.py constraints.txt > $@

.PHONY: clean
clean: ## Remove the venv and build output (keeps the data in var/)
	rm -rf $(VENV) build dist src/*.egg-info

BUILDOUT_VENV := .venv-buildout

# zc.buildout in a venv of its own, at the version pinned in constraints.txt.
$(BUILDOUT_VENV)/.installed: constraints.txt
	[ -x $(BUILDOUT_VENV)/bin/python ] || $(PYTHON) -m venv $(BUILDOUT_VENV)
	$(BUILDOUT_VENV)/bin/pip install -q -c constraints.txt pip setuptools wheel zc.buildout
	touch $@

.PHONY: buildout
buildout: $(BUILDOUT_VENV)/.installed versions.cfg ## Run buildout: bin/instance is an alternative to make start
	PIP_BUILD_CONSTRAINT=$(CURDIR)/constraints.txt $(BUILDOUT_VENV)/bin/buildout
	@echo
	@echo "  once:  GONGWEN_ADMIN='$(ADMIN)' bin/instance run scripts/create_site.py"
	@echo "  serve: bin/instance fg   (data and logs in var/buildout/)"
	@echo

.PHONY: check-buildout
check-buildout: system-packages ## Prove buildout.cfg serves the site (used by CI)
	PYTHON=$(PYTHON) scripts/check_buildout.sh

BENCH_VENV := .venv-bench

# The load test's locust in a venv of its own (gevent and Flask stay out of $(VENV)).
$(BENCH_VENV)/.installed: bench/requirements-locust.txt
	[ -x $(BENCH_VENV)/bin/python ] || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r bench/requirements-locust.txt
	touch $@

.PHONY: bench-venv
bench-venv: $(BENCH_VENV)/.installed ## The load test's venv (.venv-bench: locust; see docs/performance.rst)
