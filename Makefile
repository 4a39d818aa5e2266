# One task runner for people and CI. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out
# `make demo PORT=8001` when port 8000 is taken.
PORT ?= 8000

.PHONY: install demo example test lint format bench clean

$(BIN)/nlc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -c "from nlc.analysis.precompile import warm_up; warm_up()"
	$(BIN)/python -c "from nlc.simulation.precompile import warm_up; warm_up()"
	touch $@

install: $(BIN)/nlc

demo: install
	$(BIN)/nlc demo --port $(PORT)

example: install
	mkdir -p $(OUT)
	$(BIN)/nlc example --json $(OUT)/example.json --report $(OUT)/example-report.html

test: install
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
