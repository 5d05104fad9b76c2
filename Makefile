# The single entry point: `make test` and `make check` need nothing but Python 3.11+.
PYTHON ?= python3
VENV := venv
BIN := $(VENV)/bin
# Optional: the stack whose Pulumi.<stack>.yaml settings `check`, `preview` and `up` use.
STACK ?=
STACK_ARG := $(if $(STACK),--stack $(STACK))

.PHONY: venv test check lint format benchmark preview up clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## Run the whole test suite (pytest exit code 5, "no tests collected", counts as a failure).
test: venv
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; exit $$status

## Validate users/ and prove isolation, offline (what CI runs on every pull request).
## The CLI exits 0 (ok), 1 (problems) or 2 (usage); make itself reports any failure as 2.
check: venv
	$(BIN)/studio-access check $(STACK_ARG)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Print timings and ratios of the program under mocks and of `check` at scale.
benchmark: venv
	$(BIN)/python benchmarks/program_overhead.py
	$(BIN)/python benchmarks/check_scale.py

## Need the Pulumi CLI, a backend login and AWS credentials (see README, "Run it for real").
preview: venv
	pulumi preview $(STACK_ARG) --diff

up: venv
	pulumi up $(STACK_ARG)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
