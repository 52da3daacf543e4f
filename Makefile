# The README's first two commands. Both create .venv on a fresh machine and reinstall when
# pyproject.toml or requirements.lock change (the stamp file tracks that).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.textmill-installed
# Prefect's ephemeral server keeps its state here, not in the user's home; offline defaults.
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 180
export GX_ANALYTICS_ENABLED := false

.PHONY: run test install bench clean

run: $(STAMP)
	$(VENV)/bin/textmill curate seeds/
	$(VENV)/bin/textmill release

test: $(STAMP)
	@$(PY) -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing on purpose" >&2; exit 1; fi; \
	exit $$rc

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,dask,train]'
	touch $(STAMP)

bench: $(STAMP)
	$(PY) bench/repair.py
	$(PY) bench/eval_boilerplate.py
	$(PY) bench/throughput.py

clean:
	rm -rf data/tables data/releases .prefect
