# Two entry points for a fresh machine with only Python and pip:
#   make demo   install, then code the bundled example articles and print the events
#   make test   install with test extras, then run the linter and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

$(BIN)/newsevents: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/newsevents

.PHONY: install demo test lint eval clean
install: $(BIN)/newsevents

demo: install
	$(BIN)/newsevents code examples/articles --db demo.duckdb --format table --out -

test: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python benchmarks/eval_events.py
	$(BIN)/python benchmarks/eval_actors.py
	$(BIN)/python benchmarks/eval_geo.py

clean:
	rm -rf $(VENV) demo.duckdb build *.egg-info
