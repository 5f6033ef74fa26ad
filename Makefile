# evalctl — see README.md and docs/development.md. `make run` and `make test` install what is missing first.
SWIFT ?= swift
EVALCTL_DEBUG := .build/debug/evalctl
EVALCTL_RELEASE := .build/release/evalctl
APT_PACKAGES := libsqlite3-dev libcurl4-openssl-dev libxml2-dev libxml2-utils python3-venv time openssl postgresql

.PHONY: all deps llama references build release run test bench report-screenshot lint clean

all: build

## deps: install the Debian packages evalctl builds and tests with (skipped when present)
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

## llama: install a local llama.cpp server and SmolLM2-135M-Instruct into ~/.cache/evalctl (idempotent)
llama:
	@bash scripts/install-llama.sh >/dev/null

## references: sacreBLEU, jsonschema, SciPy and scikit-learn in a venv under ~/.cache/evalctl, for the differential tests (idempotent)
references:
	@bash scripts/install-reference-tools.sh >/dev/null

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

## run: the quickstart — run the bundled eval set against the local model
run: deps llama release
	@mkdir -p reports
	$(EVALCTL_RELEASE) run evalsets/world-facts --junit reports/junit.xml

## test: every test, including the integration test against the real llama.cpp server
test: deps llama references
	$(SWIFT) build --build-tests
	@# The llama.cpp, sacreBLEU, gate-simulation and hostile-server suites keep both cores busy; they run on their own so
	@# timing-sensitive tests are not starved.
	@# The store tests run against SQLite and a throwaway PostgreSQL cluster; EVALCTL_REQUIRE_POSTGRES makes a missing one a failure.
	EVALCTL_REQUIRE_POSTGRES=1 bash scripts/with-postgres.sh $(SWIFT) test --skip-build --disable-xctest --skip LlamaServerIntegrationTests --skip BLEUDifferentialTests --skip GateSimulationTests --skip Hostile
	@# Servers flooding answers as fast as the machine allows: alone, so they measure evalctl, not the other tests.
	$(SWIFT) test --skip-build --disable-xctest --no-parallel --filter Hostile
	$(SWIFT) test --skip-build --disable-xctest --filter "BLEUDifferentialTests|GateSimulationTests"
	$(SWIFT) test --skip-build --disable-xctest --filter LlamaServerIntegrationTests
	@# The tests above use a debug build; the release build gets a smoke run of its own.
	$(SWIFT) build -c release
	bash scripts/release-smoke.sh

## bench: harness overhead against a local stub server, printed as ratios to the ideal
bench: deps
	$(SWIFT) build -c release
	bash scripts/with-postgres.sh python3 scripts/bench.py

## report-screenshot: the HTML report over a synthetic 60-night history with a model change, and its screenshot
## in headless Chromium (installed with apt if missing), to look at what a person sees
report-screenshot: deps release
	@mkdir -p reports
	rm -f reports/screenshot.sqlite*
	$(EVALCTL_RELEASE) db migrate --db reports/screenshot.sqlite >/dev/null
	python3 scripts/synthetic_history.py reports/screenshot.sqlite --runs 60 --cases 300 --drift-at 45
	$(EVALCTL_RELEASE) report --db reports/screenshot.sqlite --html reports/report.html --since 400d
	bash scripts/html-screenshot.sh reports/report.html reports/report.png 1280x4000
	rm -f reports/screenshot.sqlite*

lint: build
	$(EVALCTL_DEBUG) evalset lint evalsets/*/

clean:
	rm -rf .build reports/*.xml reports/*.html reports/*.png
