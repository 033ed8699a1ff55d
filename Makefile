# greenplan: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck format install migrate demo messages check-browser

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(BIN)/python manage.py compile_catalogues

migrate: messages
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The server and one worker of the task queue beside it (consolidated reports, reminders):
# Ctrl-C stops both (the trap also stops the worker if the server ends by itself).
run: demo
	@$(BIN)/python manage.py demo_logins --port $(PORT)
	@bash -c 'trap "kill \$$worker 2>/dev/null; wait \$$worker 2>/dev/null" EXIT; \
	  $(BIN)/python manage.py run_worker & worker=$$!; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)'

check-browser:
	@test -x /usr/bin/chromium || echo "NOTE: /usr/bin/chromium not found: browser tests will be SKIPPED (apt-get install chromium)."

test: messages check-browser
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
