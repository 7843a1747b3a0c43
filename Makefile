# Two commands: `make run` to try it, `make test` to check it. Only Python 3.11+ is needed.
# `make test-browser` also drives Debian's Chromium (installed with apt-get when missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
FLASK := $(BIN)/flask --app quizapp

.PHONY: run test test-browser screenshots browser-deps install lint typecheck check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# A new database also gets the demo class: simulated students whose results fill the
# instructor's pages (`make run DEMO_CLASS=no` to skip it; docs/instructors.md).
DEMO_CLASS ?= yes

run: install
	QUIZAPP_ENV=development $(FLASK) db upgrade
	QUIZAPP_ENV=development $(FLASK) quiz import questions
	test "$(DEMO_CLASS)" = no || QUIZAPP_ENV=development $(FLASK) quiz demo-class --if-new
	QUIZAPP_ENV=development $(FLASK) quiz demo-accounts
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	QUIZAPP_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

# The suite runs in TEST_WORKERS processes (pytest-xdist; each has databases of its own, see
# tests/conftest.py). `make test TEST_WORKERS=0` runs it in this one process, as does
# `PYTEST_ARGS="-n 0 ..."` (the last -n counts).
TEST_WORKERS ?= 2

test: install
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Browser tests: the `browser` extra (Playwright), Debian's Chromium and axe-core from npm.
CHROMIUM ?= /usr/bin/chromium
BROWSER_STAMP := $(VENV)/.browser-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

$(BROWSER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,browser]'
	rm -f $(VENV)/.browser-*
	touch $(BROWSER_STAMP)

browser-deps: $(BROWSER_STAMP)
	test -x $(CHROMIUM) || (apt-get update -q && apt-get install -y -q chromium)
	command -v npm >/dev/null || (apt-get update -q && apt-get install -y -q npm)
	$(BIN)/python -m tests.browser.axe

test-browser: browser-deps
	CHROMIUM=$(CHROMIUM) timeout 900 $(BIN)/python -m pytest -q -m browser $(PYTEST_ARGS)

# Refresh docs/screenshots/ (phone and desktop width) from the running pages.
screenshots: browser-deps
	QUIZAPP_SCREENSHOTS=$(CURDIR)/docs/screenshots CHROMIUM=$(CHROMIUM) timeout 600 \
		$(BIN)/python -m pytest -q -m browser tests/browser/test_screenshots.py
	# Smaller files for the repository when pngquant is there (apt-get install pngquant).
	! command -v pngquant >/dev/null || pngquant --force --ext .png --skip-if-larger \
		--quality 70-95 docs/screenshots/*.png

lint: install
	$(BIN)/ruff check quizapp tests bench deploy

# mypy, strict on content, scoring, stats and services ([tool.mypy] in pyproject.toml).
typecheck: install
	$(BIN)/mypy

# What CI checks before the tests: lint and types.
check: lint typecheck

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .cache
