# The two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SERVICES := intake routing deliberation notify scoring
STAMP := $(VENV)/.installed

.PHONY: run test lint unit integration test-sqlite test-postgres bench contract tools wrk chromium clean format

$(STAMP): requirements.txt requirements-dev.txt requirements-browser.txt pyproject.toml $(foreach s,$(SERVICES),services/$(s)/pyproject.toml)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -r requirements-browser.txt
	$(BIN)/pip install -q --no-deps --no-build-isolation -e . $(foreach s,$(SERVICES),-e services/$(s))
	touch $(STAMP)

# promtool checks every service's /metrics in the tests; Debian's prometheus package carries it.
# wrk posts the end-to-end bench's reports (its test runs it too). Debian's chromium and
# chromium-driver: the tests of pages load them in a real headless browser (gongzhi.testing.browser).
tools: wrk chromium
	@command -v promtool >/dev/null || { \
	  echo "installing promtool (Debian package prometheus)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null; }; }

wrk:
	@command -v wrk >/dev/null || { \
	  echo "installing wrk (Debian package wrk)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >/dev/null \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >/dev/null; }; }

chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "installing chromium and chromium-driver (Debian packages)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null; }; }

run: $(STAMP)
	$(BIN)/gongzhi up --district deploy/districts/xiguan

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole suite against SQLite, and against PostgreSQL too when DATABASE_URL is set.
test: $(STAMP) tools lint test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	 else echo "DATABASE_URL not set: PostgreSQL variant skipped"; fi

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(MAKE) --no-print-directory suite

test-postgres: $(STAMP)
	$(MAKE) --no-print-directory suite

# The suite in four parts side by side, one pytest process each (pytest-xdist's workers hang
# under the eventlet monkey patch nameko needs): most of a test's time is spent waiting on the
# broker, a timer or a service's answer, so four keep two cores busy. Each part's output is
# printed whole when it ends. Every test has its own databases and ports and every part its
# own vhost, so the parts never meet; the one marked `alone` stops the broker they share, so
# it runs after them, by itself. Keep the parts near each other's running time as they grow.
PARTS := part-core part-system part-council part-messages
.PHONY: suite $(PARTS)
suite:
	$(MAKE) --no-print-directory -j4 --output-sync=target $(PARTS)
	$(BIN)/pytest -m alone

PART = $(BIN)/pytest -m "not alone" --durations=5
part-core:
	$(PART) gongzhi/tests services/intake
part-system:
	$(PART) tests
part-council:
	$(PART) services/deliberation services/routing
part-messages:
	$(PART) services/notify services/scoring

bench: $(STAMP) wrk
	$(BIN)/python -m bench.run

contract: $(STAMP)
	$(BIN)/gongzhi contract

clean:
	rm -rf $(VENV) var
