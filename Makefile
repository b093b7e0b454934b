# The two commands of the README: `make run` and `make test`. Both set up .venv on first use.
# `make package`: the one-folder app in dist/circle-of-need/; `make package-test` builds it and runs it as a user would.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean package package-test icons

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	bash .ci/system-packages run
	$(BIN)/circle-of-need $(if $(MAP),$(MAP),--sample greater-manchester)

test: $(STAMP)
	bash .ci/system-packages test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

PACKAGE_STAMP := $(VENV)/.installed-package

$(PACKAGE_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	bash .ci/system-packages package
	rm -rf dist/circle-of-need
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/circle-of-need.spec
	@echo "dist/circle-of-need: $$(du -sh dist/circle-of-need | cut -f1) ($$(find dist/circle-of-need -type f | wc -l) files)"

package-test: package
	bash .ci/system-packages test
	$(BIN)/python packaging/smoke.py dist/circle-of-need

icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
