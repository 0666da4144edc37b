# One command to set up and run the main job, one to set up and run the tests.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-versions lint lock schemas clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,eval,local,web,fr]"
	touch $(STAMP)

setup: $(STAMP)

ARGS ?=
run: setup  ## process seeds/ through an embedded Redis and local workers, print the table (ARGS=--web: the inspector too)
	$(BIN)/newsworker run seeds/ $(ARGS)

test: setup  ## unit, integration, browser and chaos tiers (starts its own redis-server processes)
	$(BIN)/pytest tests

lint: setup
	$(BIN)/ruff check worker tests benchmarks scripts
	$(BIN)/ruff format --check worker tests benchmarks scripts
	$(BIN)/mypy worker benchmarks scripts

test-versions:  ## the unit tier on Python 3.12 and 3.13 too (each in .venv-3.X; loud when one is missing)
	bash .ci/versions 3.12 3.13

lock: setup  ## regenerate requirements.lock (the image's pinned, hashed dependencies) after changing them
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 --python-platform linux \
		--custom-compile-command "make lock" --quiet -o requirements.lock

schemas: setup  ## regenerate schemas/ after changing a model
	$(BIN)/python -m worker.schemas

clean:
	-$(BIN)/newsworker redis stop
	rm -rf $(VENV) .venv-3.* .newsworker .pytest_cache .mypy_cache .ruff_cache
