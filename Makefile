# peersurvey: `make run` to try it, `make test` to check it. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BABEL := $(VENV)/bin/pybabel
CATALOGUES := peersurvey/translations

.DEFAULT_GOAL := help
.PHONY: help run test test-quick setup lock lint translations-extract translations-update translations-compile bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

run: setup ## Set up, add the demo project, and start the app at http://127.0.0.1:5000
	$(VENV)/bin/peersurvey demo
	$(VENV)/bin/peersurvey serve

# Two processes (pytest-xdist, a file's tests kept together so its servers start once), then
# the tests marked `alone`, one at a time: they read the server's peak memory, which another
# test's work beside them would change. About 19 minutes on two cores, against 25 in one.
test: setup ## Set up and run every test, browser tests included
	$(PY) -m pytest -n 2 --dist loadfile -m "not alone"; status=$$?; \
	  $(PY) -m pytest -m alone || status=1; exit $$status

test-quick: setup ## Run the tests that need no browser
	$(PY) -m pytest -m "not browser"

setup: $(VENV)/.installed translations-compile ## Make the virtual environment and install peersurvey into it

# The versions in requirements.lock, so a fresh clone gets what the tests passed with.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

lock: ## Choose the newest versions pyproject.toml allows, in a fresh environment, into requirements.lock
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[test,https,copies]'
	{ sed -n 1,2p requirements.lock; .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

lint: setup ## Check the code for mistakes (ruff)
	$(VENV)/bin/ruff check --select F,E9 peersurvey tests bench scripts

translations-extract: $(VENV)/.installed ## Collect every message to translate into messages.pot
	$(BABEL) -q extract -F babel.cfg -k _l -k lazy_ngettext:1,2 -k _counted:1,2 -o $(CATALOGUES)/messages.pot .

translations-update: translations-extract ## Add new messages to the Welsh catalogue
	$(BABEL) -q update -i $(CATALOGUES)/messages.pot -d $(CATALOGUES) --no-fuzzy-matching

translations-compile: $(VENV)/.installed ## Build the catalogues the app reads
	$(BABEL) -q compile -d $(CATALOGUES)

# Only the scripts that run as one: the others (world.py, screens.py, report.py ...) are the
# pieces they share.
bench: setup ## Run the benchmarks under bench/ (one that cannot run here says why; the rest still run)
	@failed=""; for script in $$(grep -l '^if __name__ == "__main__":' bench/*.py); do \
	  echo "== $$script"; $(PY) $$script; status=$$?; \
	  if [ $$status -eq 2 ]; then echo "(not run here: see above)"; \
	  elif [ $$status -ne 0 ]; then failed="$$failed $$script"; fi; done; \
	  if [ -n "$$failed" ]; then echo "These benchmarks failed:$$failed"; exit 1; fi

clean: ## Remove the virtual environment (keeps your database in instance/)
	rm -rf $(VENV)
