# evalctl — see README.md and docs/development.md. `make run` and `make test` install what is missing first.
SWIFT ?= swift
EVALCTL_DEBUG := .build/debug/evalctl
EVALCTL_RELEASE := .build/release/evalctl
STUB_RELEASE := .build/release/evalctl-stub
# The release build links the Swift runtime and Foundation statically, so the binaries run without the toolchain
# (make install, make dist); it is the only release build, so CI compiles release once.
RELEASE_FLAGS := -c release --static-swift-stdlib
SOURCES := Package.swift $(wildcard Package.resolved) $(shell find Sources -name '*.swift')
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/EvalKit/Model/EvalKitVersion.swift)
ARCH := $(shell uname -m)
DIST_NAME := evalctl-$(VERSION)-linux-$(ARCH)
DIST_TARBALL := dist/$(DIST_NAME).tar.gz
COMPLETIONS := .build/completions
APT_PACKAGES := libsqlite3-dev libcurl4-openssl-dev libxml2-dev libxml2-utils python3-venv time openssl postgresql

.PHONY: all deps llama references build release install uninstall dist run test bench report-screenshot lint clean

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

## release: the optimised binaries, with the Swift runtime and Foundation linked in
release:
	$(SWIFT) build $(RELEASE_FLAGS)

# install and dist build only when a source is newer than the binary, so `sudo make install` after `make release`
# copies without needing swift on root's PATH.
$(EVALCTL_RELEASE) $(STUB_RELEASE) &: $(SOURCES)
	$(SWIFT) build $(RELEASE_FLAGS)

$(COMPLETIONS)/evalctl.bash $(COMPLETIONS)/_evalctl $(COMPLETIONS)/evalctl.fish &: $(EVALCTL_RELEASE)
	@mkdir -p $(COMPLETIONS)
	$(EVALCTL_RELEASE) --generate-completion-script bash > $(COMPLETIONS)/evalctl.bash
	$(EVALCTL_RELEASE) --generate-completion-script zsh > $(COMPLETIONS)/_evalctl
	$(EVALCTL_RELEASE) --generate-completion-script fish > $(COMPLETIONS)/evalctl.fish

## install: the release binaries, shell completions and JSON Schemas under $(DESTDIR)$(PREFIX) (default /usr/local)
install: $(EVALCTL_RELEASE) $(STUB_RELEASE) $(COMPLETIONS)/evalctl.bash $(COMPLETIONS)/_evalctl $(COMPLETIONS)/evalctl.fish
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 $(EVALCTL_RELEASE) $(STUB_RELEASE) "$(DESTDIR)$(PREFIX)/bin/"
	install -m 644 $(COMPLETIONS)/evalctl.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/evalctl"
	install -m 644 $(COMPLETIONS)/_evalctl "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_evalctl"
	install -m 644 $(COMPLETIONS)/evalctl.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/evalctl.fish"
	@# schemas/ may not exist (yet): install its JSON Schemas only when there are some.
	@set -- schemas/*.json; if [ -e "$$1" ]; then \
	  echo install -m 644 schemas/*.json "$(DESTDIR)$(PREFIX)/share/evalctl/schemas/"; \
	  install -d "$(DESTDIR)$(PREFIX)/share/evalctl/schemas" && install -m 644 "$$@" "$(DESTDIR)$(PREFIX)/share/evalctl/schemas/"; \
	fi

## uninstall: remove what install put under $(DESTDIR)$(PREFIX)
uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/evalctl" "$(DESTDIR)$(PREFIX)/bin/evalctl-stub" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/evalctl" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_evalctl" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/evalctl.fish"
	rm -rf "$(DESTDIR)$(PREFIX)/share/evalctl/schemas"
	rmdir "$(DESTDIR)$(PREFIX)/share/evalctl" 2>/dev/null || true

## dist: dist/evalctl-VERSION-linux-ARCH.tar.gz, the install tree (bin/, share/) with README and LICENSE, for machines
## without the Swift toolchain; binaries without debug info (the symbol table stays, so crash backtraces name functions)
dist: $(DIST_TARBALL)

$(DIST_TARBALL): $(EVALCTL_RELEASE) $(STUB_RELEASE) $(COMPLETIONS)/evalctl.bash $(COMPLETIONS)/_evalctl $(COMPLETIONS)/evalctl.fish $(wildcard schemas/*.json README.md LICENSE)
	rm -rf dist/$(DIST_NAME) $@
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/dist/$(DIST_NAME) PREFIX=
	strip --strip-debug dist/$(DIST_NAME)/bin/evalctl dist/$(DIST_NAME)/bin/evalctl-stub
	for f in README.md LICENSE; do if [ -e $$f ]; then install -m 644 $$f dist/$(DIST_NAME)/; fi; done
	tar -C dist --sort=name --owner=0 --group=0 --numeric-owner -czf $@ $(DIST_NAME)
	rm -rf dist/$(DIST_NAME)
	@echo "$@: $$(du -h $@ | cut -f1)"

## run: the quickstart — run the bundled eval set against the local model
run: deps llama release
	@mkdir -p reports
	$(EVALCTL_RELEASE) run evalsets/world-facts --junit reports/junit.xml

## test: every test, including the integration test against the real llama.cpp server
test: deps llama references
	$(SWIFT) build --build-tests
	@# The llama.cpp, sacreBLEU (BLEU, chrF, TER), gate-simulation and hostile-server suites keep both cores busy; they run on their own so
	@# timing-sensitive tests are not starved.
	@# The store tests run against SQLite and a throwaway PostgreSQL cluster; EVALCTL_REQUIRE_POSTGRES makes a missing one a failure.
	@# At most 16 tests at once: unbounded, hundreds of process tests ran together on two cores, the test process held
	@# about 1,400 descriptors (Foundation's Process.run then over-reads: swift-corelibs-foundation #5472) and timings
	@# stretched past a minute. Bounded: 239 descriptors at the peak, and the phase is faster (92 s against 100-300 s).
	SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=16 EVALCTL_REQUIRE_POSTGRES=1 bash scripts/with-postgres.sh $(SWIFT) test --skip-build --disable-xctest --skip LlamaServerIntegrationTests --skip BLEUDifferentialTests --skip ChrFDifferentialTests --skip TERDifferentialTests --skip GateSimulationTests --skip Hostile
	@# Servers flooding answers as fast as the machine allows: alone, so they measure evalctl, not the other tests.
	$(SWIFT) test --skip-build --disable-xctest --no-parallel --filter Hostile
	$(SWIFT) test --skip-build --disable-xctest --filter "BLEUDifferentialTests|ChrFDifferentialTests|TERDifferentialTests|GateSimulationTests"
	$(SWIFT) test --skip-build --disable-xctest --filter LlamaServerIntegrationTests
	@# The tests above use a debug build; the release build gets a smoke run of its own, and so does the tarball made from it
	@# (make dist), run without the toolchain.
	$(SWIFT) build $(RELEASE_FLAGS)
	bash scripts/release-smoke.sh
	bash scripts/dist-smoke.sh

## bench: harness overhead against a local stub server, printed as ratios to the ideal; scorer speed beside sacreBLEU,
## jsonschema and jsonschema-rs
bench: deps
	$(SWIFT) build $(RELEASE_FLAGS)
	bash scripts/with-postgres.sh python3 scripts/bench.py
	python3 scripts/bench_scorers.py

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
	rm -rf .build dist reports/*.xml reports/*.html reports/*.png
