#!/usr/bin/env bash
# Runs the Rust and UI unit tiers with the system clock moved far away, to prove that no test
# depends on the date it runs on (a test must inject "now": the Clock port, vi.setSystemTime or
# an argument). Uses Debian's libfaketime:
#   scripts/moved-clock.sh rust OFFSET   every Rust test binary but the end-to-end tier
#   scripts/moved-clock.sh ui OFFSET     the vitest suite
#   scripts/moved-clock.sh php OFFSET    the plugin's PHPUnit suite, in a throw-away WordPress
#                                        (scripts/wp-site.sh; PHP and the sandbox it starts are
#                                        moved, MariaDB and php -S are not)
# OFFSET is faketime's relative form, e.g. +400d or -30d.
#
# cargo-nextest itself stalls under libfaketime (its own timers), so the Rust test binaries are
# built by cargo and each run directly under faketime; NO_FAKE_STAT=1 keeps file times real
# (cargo and SQLite compare them). Run inside scripts/desktop-session.sh: the adapter tests
# talk to the session's keychain and notification daemon.
set -euo pipefail
cd "$(dirname "$0")/.."

tier=${1:?usage: moved-clock.sh rust|ui|php OFFSET}
offset=${2:?usage: moved-clock.sh rust|ui|php OFFSET}
export NO_FAKE_STAT=1
moved=(faketime -f "$offset")
echo "moved-clock: $tier tests with the clock moved $offset (now: $("${moved[@]}" date -u +%FT%TZ))"

case "$tier" in
  ui)
    cd ui && "${moved[@]}" npx vitest run
    ;;
  php)
    scripts/wp-site.sh run -- "${moved[@]}" phpunit -c wordpress/tests/phpunit.xml
    ;;
  rust)
    # The test executables cargo builds (the same ones nextest runs), minus the end-to-end tier
    # and rdv-site's `plugin` binary (it needs a WordPress: make plugin-test), each with its
    # crate's folder (integration tests read files relative to it, as under cargo).
    cargo test --workspace --locked --no-run --quiet
    mapfile -t bins < <(cargo test --workspace --locked --no-run --message-format=json 2>/dev/null |
      python3 -c '
import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["profile"]["test"] and m.get("executable") \
            and m["target"]["name"] != "e2e" \
            and (os.path.basename(os.path.dirname(m["manifest_path"])), m["target"]["name"]) != ("rdv-site", "plugin"):
        print(os.path.dirname(m["manifest_path"]) + "\t" + m["executable"])
')
    [ ${#bins[@]} -gt 0 ] || { echo "moved-clock: no test binary was built" >&2; exit 1; }
    failed=()
    for entry in "${bins[@]}"; do
      crate_dir=${entry%%$'\t'*} bin=${entry#*$'\t'}
      (cd "$crate_dir" && CARGO_MANIFEST_DIR="$crate_dir" "${moved[@]}" "$bin" --quiet) ||
        failed+=("$(basename "$bin")")
    done
    if [ ${#failed[@]} -gt 0 ]; then
      echo "moved-clock: $offset: failing test binaries: ${failed[*]}" >&2
      exit 1
    fi
    echo "moved-clock: $offset: ${#bins[@]} Rust test binaries passed"
    ;;
  *)
    echo "usage: moved-clock.sh rust|ui|php OFFSET" >&2; exit 2 ;;
esac
