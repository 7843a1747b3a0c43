# Two commands: `make run` to try it, `make test` to check it. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
FLASK := $(BIN)/flask --app quizapp

.PHONY: run test install lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	QUIZAPP_ENV=development $(FLASK) db upgrade
	QUIZAPP_ENV=development $(FLASK) quiz import questions
	QUIZAPP_ENV=development $(FLASK) quiz demo-accounts
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	QUIZAPP_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check quizapp tests bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
