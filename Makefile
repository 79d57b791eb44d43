# copcwb: the two front-door commands are `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.copcwb-installed
DEMO ?= demo

.PHONY: setup system-packages demo test lab wheel lint format lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $@

setup: $(STAMP)  ## create .venv with the pinned dependencies

system-packages:  ## Chromium and CJK fonts from Debian (browser tests, PDF, Chinese charts)
	bash scripts/system-packages.sh

demo: setup  ## generate the demo engagement under demo/ and render its reports
	$(BIN)/copcwb demo --out $(DEMO)

test: setup system-packages  ## run the whole test suite
	$(BIN)/python -m pytest

lab: setup  ## write the demo inputs and open the notebooks in JupyterLab
	$(BIN)/copcwb demo --out $(DEMO) --no-run
	$(BIN)/jupyter lab notebooks/

wheel: setup  ## build dist/copcwb-<version>-py3-none-any.whl, to install without a checkout
	rm -rf build
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

lint: setup
	$(BIN)/ruff check copcwb tests benchmarks
	$(BIN)/ruff format --check copcwb tests benchmarks

format: setup
	$(BIN)/ruff format copcwb tests benchmarks

lock: setup  ## re-pin every dependency after changing pyproject.toml
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^copcwb' -e '^pip==' \
	  | { echo "# Pinned versions of every dependency, used as pip constraints by the Makefile."; \
	      echo "# Regenerate with: make lock"; cat; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
