# RDV Compagnon — the two commands of the README, and the steps they are made of.
#   make demo    install what is missing, build, run the app
#   make test    install what is missing, run every check and test (end-to-end tier last)
#   make bundle  build the release .deb and the WordPress plugin's zip
#   make site    the booking site: a local WordPress with the plugin, against a standalone sandbox
#   make browser the same demo in a plain browser (rdv-server, a dev/test tool, not shipped)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
SESSION := scripts/desktop-session.sh
APP_BIN := target/debug/rdv-compagnon

.PHONY: help demo browser test bundle deps deps-test ui lint layers fmt-check clippy ui-check ui-test rust-test browser-test moved-clock plugin-i18n plugin-zip plugin-test site e2e artefacts bindings clean

help:
	@echo "make demo    - build and run RDV Compagnon"
	@echo "make browser - the demo in a plain browser: rdv-server on http://127.0.0.1:1421"
	@echo "make test    - every check and test (installs what is missing first)"
	@echo "make bundle  - release .deb in target/release/bundle/deb/ and the plugin zip in target/bundle/"
	@echo "make site    - the booking site: local WordPress + plugin against a sandbox (Ctrl+C stops)"

deps:
	scripts/install-deps.sh build

deps-test:
	scripts/install-deps.sh test

# The web UI, embedded into the binary at compile time: it must exist before any cargo build.
ui: 
	cd ui && npm run build

# Demo mode on the embedded sandbox, in a profile of its own (never the user's real data).
DEMO_PROFILE := $(CURDIR)/target/demo-profile
demo: deps ui
	$(CARGO) build -p rdv-compagnon
	mkdir -p $(DEMO_PROFILE)/data $(DEMO_PROFILE)/config $(DEMO_PROFILE)/cache
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display: running the app in a headless session (scripts/desktop-session.sh)."; \
	  $(SESSION) $(APP_BIN) --demo; \
	else \
	  XDG_DATA_HOME=$(DEMO_PROFILE)/data XDG_CONFIG_HOME=$(DEMO_PROFILE)/config \
	  XDG_CACHE_HOME=$(DEMO_PROFILE)/cache $(APP_BIN) --demo; \
	fi

# The same demo in a plain browser: rdv-server (crates/rdv-server, not shipped) runs the real
# Rust over the embedded sandbox and serves the built UI at http://127.0.0.1:1421. For live UI
# edits, leave it running and start `npm run dev` in ui/ (its /api proxy points at it).
browser: deps ui
	$(CARGO) run -p rdv-server --locked

test: deps-test ui lint ui-check ui-test rust-test browser-test moved-clock plugin-test e2e artefacts
	@echo "make test: all checks and tests passed"

lint: fmt-check clippy layers

# docs/ARCHITECTURE.md: only src-tauri may depend on Tauri/GTK/WebKit.
layers:
	@if $(CARGO) tree --locked -e normal -p rdv-core -p rdv-store -p rdv-http -p rdv-google -p rdv-site -p rdv-app -p rdv-sandbox -p rdv-cli -p rdv-server \
	     | grep -E '^.*\b(tauri|gtk|webkit2gtk|wry)\b'; then \
	  echo "layers: a core crate depends on Tauri/GTK (see docs/ARCHITECTURE.md)"; exit 1; \
	else echo "layers: core crates are free of Tauri/GTK"; fi
	@if $(CARGO) tree --locked -e normal -p rdv-site | grep -E '\brdv-google\b' \
	   || $(CARGO) tree --locked -e normal -p rdv-google | grep -E '\brdv-site\b'; then \
	  echo "layers: rdv-site and rdv-google must not depend on each other (both use rdv-http)"; exit 1; \
	else echo "layers: rdv-site and rdv-google share rdv-http, not each other"; fi
	@if $(CARGO) tree --locked -e normal -p rdv-cli | grep -E '\b(rdv-app|rdv-google|rdv-site|rdv-http|rdv-sandbox)\b'; then \
	  echo "layers: rdv-cli reads files, the store and its key only (rdv-core, rdv-store, rdv-keychain), never the network"; exit 1; \
	else echo "layers: rdv-cli depends on rdv-core, rdv-store and rdv-keychain only"; fi

fmt-check:
	$(CARGO) fmt --all --check

# The second run lints the shell as it ships: without --all-targets no dev-dependency is built,
# so no `testing` feature is on (code only the control API uses would show as dead there).
clippy:
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) clippy -p rdv-compagnon --locked -- -D warnings

ui-check:
	cd ui && npm run check

ui-test:
	cd ui && npm test

# Unit, integration and adapter tests (the adapters talk to the real keyring and dunst of the
# throw-away session). The generated TypeScript bindings are checked here too (rdv-app).
rust-test:
	$(SESSION) $(CARGO) nextest run --workspace --locked --no-fail-fast -E 'not binary(e2e) and not binary_id(rdv-site::plugin)'
	$(CARGO) test --workspace --locked --doc

# The generated TypeScript client over HTTP against the built rdv-server (scripts/browser-smoke.sh).
# Built by the workspace's test build, the one rust-test runs: in make test, nothing is compiled
# again (`cargo build -p rdv-server` alone would resolve other features and rebuild the graph).
browser-test:
	$(CARGO) test --workspace --locked --no-run --quiet
	scripts/browser-smoke.sh

# The Rust and UI unit tiers again with the system clock moved 400 days ahead and 30 days back
# (libfaketime): a test that depends on the date it runs on fails here (scripts/moved-clock.sh).
moved-clock:
	$(SESSION) bash -c 'scripts/moved-clock.sh rust +400d && scripts/moved-clock.sh rust -30d'
	scripts/moved-clock.sh ui +400d
	scripts/moved-clock.sh ui -30d

# The WordPress plugin (wordpress/rdv-compagnon): its translations built and complete
# (scripts/plugin-i18n.sh), its PHPUnit tests in-process in a throw-away WordPress + MariaDB
# (scripts/wp-site.sh), again with the clock moved 400 days ahead and 30 days back, the
# booking-site contract tests of crates/rdv-site against the plugin, the
# zip's rules, and the zip installed into another fresh WordPress. rust-test runs without any of
# this. The benchmark (scripts/bench-site.sh, docs/PERFORMANCE.md) is run by hand.
plugin-i18n:
	scripts/plugin-i18n.sh check
	wordpress/tests/i18n-check.sh

plugin-test: plugin-i18n plugin-zip
	$(CARGO) build -p rdv-sandbox --locked
	scripts/wp-site.sh run -- phpunit -c wordpress/tests/phpunit.xml
	scripts/moved-clock.sh php +400d
	scripts/moved-clock.sh php -30d
	$(CARGO) test -p rdv-site --locked --no-run --quiet --test plugin
	scripts/wp-site.sh run --control -- $(CARGO) nextest run -p rdv-site --locked --no-fail-fast --test plugin
	wordpress/tests/zip-check.sh
	wordpress/tests/zip-install.sh

# The installable plugin, target/bundle/rdv-compagnon-<version>.zip (scripts/plugin-zip.sh).
plugin-zip:
	scripts/plugin-zip.sh

# A person tries the booking site: the plugin in a local WordPress, its Google access linked to a
# standalone sandbox (seeded with the demo practice); prints the booking page, the admin login and
# the app's link details. Ctrl+C stops everything and removes the temporary folder.
site: deps-test
	$(CARGO) build -p rdv-sandbox --locked
	scripts/site.sh

# The real app binary in WebKitGTK through tauri-driver, one test at a time (one display). The
# tier lives in the root tests/ crate (rdv-system-tests), which cannot make cargo build another
# package's binary: the app is built first, as it ships, and the tests drive target/debug/rdv-compagnon.
e2e:
	$(CARGO) build -p rdv-compagnon --locked
	$(SESSION) $(CARGO) nextest run -p rdv-system-tests --locked --test e2e --test-threads 1 --no-fail-fast

# Nothing test-only ships: the shell's feature graph and binary (built as it ships), and, with
# CHECK_UI_DIST=1, ui/dist (scripts/check-artefacts.sh).
artefacts: ui
	CHECK_UI_DIST=1 scripts/check-artefacts.sh

# Regenerates what is generated from the Rust: ui/src/lib/ipc/bindings.ts (the IPC types), the
# command table's files (ui/src/lib/ipc/commands.ts, src-tauri/commands.list and
# capabilities/main.json) and the UI tests' recorded answers (ui/src/lib/ipc/fixtures/).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p rdv-app --lib bindings
	UPDATE_BINDINGS=1 $(CARGO) test -p rdv-app --test app recorded

bundle: deps ui plugin-zip
	ui/node_modules/.bin/tauri build --bundles deb

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
