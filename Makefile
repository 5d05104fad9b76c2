# The single entry point: `make test` and `make check` need nothing but Python 3.11+.
PYTHON ?= python3
VENV := venv
BIN := $(VENV)/bin
# Optional: the stack whose Pulumi.<stack>.yaml settings `check`, `preview` and `up` use.
STACK ?=
STACK_ARG := $(if $(STACK),--stack $(STACK))
# Every install takes exact versions with their hashes from a lock; requirements*.txt hold the
# ranges people edit, and `make lock` resolves them.
PIP := $(BIN)/python -m pip --disable-pip-version-check
INSTALL := $(PIP) install --quiet --require-hashes
# The lock is resolved against PyPI alone, whatever mirror or local wheels pip is set up with here.
LOCK_ENV ?= env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null
COMPILE := $(LOCK_ENV) $(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links
# The stack tag that records the commit `pulumi up` deployed last (the deploy workflow's drain base).
DEPLOYED_TAG := studio-access:deployed-commit

.PHONY: venv runtime-venv check-venv lock test check lint format benchmark preview up clean

## Everything: runtime, tests, lint and the lock tool, plus the studio-access command.
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(INSTALL) -r requirements-dev.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

## The runtime only (Pulumi, its AWS provider, PyYAML, boto3), for the jobs that only run Pulumi
## and the AWS commands (`venv/bin/python -m components drain|audit`).
runtime-venv:
	$(PYTHON) -m venv $(VENV)
	$(INSTALL) -r requirements.lock

## What `check` needs (PyYAML), in seconds: the pull request's first annotations come from it
## (`venv/bin/python -m components check`); `make venv` adds the rest to the same folder later.
## Without pip of its own: the interpreter's pip installs into it, which saves seconds.
check-venv:
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --disable-pip-version-check --python $(BIN)/python install --quiet \
		--require-hashes -r requirements-check.lock

## Resolve requirements*.txt into the three locks, newest versions within the ranges, with hashes.
## The development set first: the runtime and check sets are constrained to its versions.
lock: venv
	$(COMPILE) -o requirements-dev.lock requirements-dev.txt
	$(COMPILE) -c requirements-dev.lock -o requirements.lock requirements.txt
	$(COMPILE) -c requirements-dev.lock -o requirements-check.lock requirements-check.txt

## Run the whole test suite, one worker per core (pytest-xdist); an idle worker takes queued tests
## from a busy one (worksteal), so a few long tests at the end do not leave a core waiting.
## pytest exit code 5, "no tests collected", counts as a failure.
test: venv
	$(BIN)/python -m pytest -n auto --dist worksteal; status=$$?; \
	if [ $$status -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; exit $$status

## Validate users/ and prove isolation, offline (what CI runs on every pull request).
## The CLI exits 0 (ok), 1 (problems) or 2 (usage); make itself reports any failure as 2.
check: venv
	$(BIN)/studio-access check $(STACK_ARG)

## Style, formatting and types: mypy reads its settings (strict on core and kinds) from
## pyproject.toml.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Print timings and ratios of the program under mocks and of `check` at scale.
benchmark: venv
	$(BIN)/python benchmarks/program_overhead.py
	$(BIN)/python benchmarks/check_scale.py
	$(BIN)/python benchmarks/check_scale.py --federated
	$(BIN)/python benchmarks/meter_run.py

## Need the Pulumi CLI, a backend login and AWS credentials (docs/setup.md, "Run it from your
## machine"). `up` records the deployed commit, as the deploy workflow does, for the next drain.
preview: venv
	pulumi preview $(STACK_ARG) --diff

up: venv
	pulumi up $(STACK_ARG)
	pulumi stack tag set $(DEPLOYED_TAG) "$$(git rev-parse HEAD)" $(STACK_ARG)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
