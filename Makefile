# 小清: `make run` starts the bot, `make test` runs the tests. Everything they need is built here.
SHELL := /bin/bash
.DEFAULT_GOAL := run

# The first candidate that really is the wanted version (pyenv shims exist for versions that are not active).
find_python = $(shell for c in $(1); do "$$c" -c 'import sys; assert "%d.%d" % sys.version_info[:2] == "$(2)"' \
	>/dev/null 2>&1 && { command -v "$$c"; break; }; done)
PYENV_310 := $(shell PYENV_VERSION=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10' | tail -n1) \
	pyenv which python3.10 2>/dev/null)
PYENV_311 := $(shell PYENV_VERSION=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.11' | tail -n1) \
	pyenv which python3.11 2>/dev/null)
# The bot runs on Python 3.11; Rasa 3.6 needs Python 3.10.
PYTHON ?= $(call find_python,$(PYENV_311) python3.11 python3,3.11)
PYTHON310 ?= $(call find_python,$(PYENV_310) python3.10,3.10)

VENV := .venv
NLU_VENV := .venv-nlu
MODEL := models/nlu.tar.gz
# What the trained model is made of; rule modules (nlu/entities.py, ...) run at parse time, untrained.
NLU_SOURCES := config.yml domain.yml nlu/components.py $(wildcard data/nlu/*.yml) $(wildcard nlu/dict/*)
export RASA_TELEMETRY_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test replay parse evaluate model env nlu-env wechaty-env validate lint bench bench-wechat clean

# Set-up steps write to stderr: `make -s replay` and `make -s parse` keep stdout for JSON lines.
$(VENV)/.ready: requirements.txt
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 is needed for the bot; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	@echo "Setting up the bot's environment ($(PYTHON))..." >&2
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV) >&2
	@$(VENV)/bin/pip install --progress-bar on -r requirements.txt >&2
	@touch $@

$(NLU_VENV)/.ready: requirements-nlu.txt
	@test -n "$(PYTHON310)" || { echo "error: Python 3.10 is needed for Rasa; set PYTHON310=/path/to/python3.10" >&2; exit 1; }
	@echo "Setting up the NLU environment ($(PYTHON310)); the first time takes a few minutes..." >&2
	@test -x $(NLU_VENV)/bin/python || $(PYTHON310) -m venv $(NLU_VENV) >&2
	@$(NLU_VENV)/bin/pip install --progress-bar on -r requirements-nlu.txt >&2
	@touch $@

$(MODEL): $(NLU_VENV)/.ready $(NLU_SOURCES)
	@echo "Training the NLU model..." >&2
	@PYTHONPATH=$(CURDIR) $(NLU_VENV)/bin/rasa train nlu --config config.yml --domain domain.yml \
		--nlu data/nlu --out models --fixed-model-name nlu >&2
	@touch $@

# The real Wechaty puppet service the WeChat tests run against (npm, pinned by the lock file).
wechaty/node_modules/.ready: wechaty/package.json wechaty/package-lock.json
	@if command -v npm >/dev/null; then \
		echo "Installing the Wechaty puppet service for the WeChat tests..." >&2; \
		cd wechaty && npm ci --no-audit --no-fund >&2 && touch node_modules/.ready; \
	else echo "warning: npm not found; the WeChat end-to-end tests will be skipped" >&2; fi

env: $(VENV)/.ready
nlu-env: $(NLU_VENV)/.ready
wechaty-env: wechaty/node_modules/.ready
model: $(MODEL)

run: $(VENV)/.ready $(MODEL)
	@$(VENV)/bin/python -m bot.nlu_service -- $(VENV)/bin/python -m bot run

test: $(VENV)/.ready $(MODEL) wechaty/node_modules/.ready validate
	@$(VENV)/bin/ruff check --output-format concise . >&2
	@$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# make -s replay COMMUNITY=FILE TRANSCRIPT=FILE [UNTIL=ISO] [STATE=FILE] [DATABASE_URL=URL]
replay: $(VENV)/.ready $(MODEL)
	@test -n "$(COMMUNITY)" -a -n "$(TRANSCRIPT)" || { echo "usage: make -s replay COMMUNITY=FILE TRANSCRIPT=FILE [UNTIL=ISO] [STATE=FILE] [DATABASE_URL=URL]" >&2; exit 2; }
	@$(VENV)/bin/python -m bot.nlu_service -- $(VENV)/bin/python -m bot replay \
		--community "$(COMMUNITY)" --transcript "$(TRANSCRIPT)" \
		$(if $(UNTIL),--until "$(UNTIL)") $(if $(STATE),--state "$(STATE)") \
		$(if $(DATABASE_URL),--db "$(DATABASE_URL)")

# make -s parse < in.jsonl > out.jsonl
parse: $(MODEL)
	@PYTHONPATH=$(CURDIR) $(NLU_VENV)/bin/python -m nlu parse

evaluate: $(MODEL)
	@PYTHONPATH=$(CURDIR) $(NLU_VENV)/bin/python -m nlu evaluate $(or $(FILE),../shared/eval/dev.jsonl) --errors 20

# Training data checks (`rasa data validate`); Rasa's "intent not used in any story" notes are
# expected: Rasa serves only NLU here, the dialogue lives in the bot.
validate: $(NLU_VENV)/.ready
	@echo "Validating the training data..." >&2
	@mkdir -p var && PYTHONPATH=$(CURDIR) $(NLU_VENV)/bin/rasa data validate --domain domain.yml \
		--data data/nlu --config config.yml > var/validate.log 2>&1 \
		|| { cat var/validate.log >&2; echo "error: rasa data validate failed (above)" >&2; exit 1; }

lint: $(VENV)/.ready
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: $(VENV)/.ready $(MODEL)
	@PYTHONPATH=$(CURDIR) $(NLU_VENV)/bin/python bench/nlu.py

bench-wechat: $(VENV)/.ready $(MODEL) wechaty/node_modules/.ready
	@$(VENV)/bin/python -m bot.nlu_service -- $(VENV)/bin/python bench/wechat.py

clean:
	rm -rf var models
