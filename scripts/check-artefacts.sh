#!/usr/bin/env bash
# Nothing test-only ships (issue #14, point 5), checked on what is built, not on the sources:
#   (a) the shell's dependency graph (`cargo tree -e features -p rdv-compagnon`: normal, build and
#       dev edges) turns on no `testing` feature of a workspace crate;
#   (b) the shell binary, built as it ships (`cargo build -p rdv-compagnon`), holds none of the
#       literal strings that only the sandbox's fault injection carries (SHIPPED_BINARY_MARKERS);
#   (c) with CHECK_UI_DIST=1, ui/dist holds none of the UI's mock or test data (UI_DIST_MARKERS).
# Usage: scripts/check-artefacts.sh [BINARY]   (BINARY: check this file instead of building)
#
# How (a) is known to work: with `rdv-sandbox = { workspace = true, features = ["testing"] }`
# added to src-tauri's [dev-dependencies], (a) fails and prints the path to the feature.
# How (b) is known to work: a binary built WITH the feature holds the markers, e.g.
#   cargo build -p rdv-compagnon --features rdv-app/testing
#   scripts/check-artefacts.sh target/debug/rdv-compagnon    → fails, naming the markers
# (then `cargo build -p rdv-compagnon` again before anything uses target/debug/rdv-compagnon).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO=${CARGO:-cargo}
target_dir=${CARGO_TARGET_DIR:-target}
failed=0
fail() { echo "artefacts: $*" >&2; failed=1; }

# Messages of the sandbox's injected errors (crates/rdv-sandbox/src/error.rs, `ApiError::injected`),
# reached only through the fault layer (crates/rdv-sandbox/src/faults.rs), which is compiled only
# with rdv-sandbox's `testing` feature and always linked when it is.
SHIPPED_BINARY_MARKERS=(
  "User Rate Limit Exceeded"
  "Calendar usage limits exceeded."
  "has not been used in this project before"
  "Shared properties can only be changed by the organizer"
)

# The TypeScript mock backend and its demo data (ui/src/lib/ipc/mock-backend.ts, demo-data.ts):
# its accounts, a motif the real demo does not have, and the mock's test hook. Class names are
# minified away, so the markers are literal strings.
UI_DIST_MARKERS=(
  "MockBackend"
  "holdLinking"
  "claire.dubois@demo.rdv-compagnon.fr"
  "claire.dubois.osteo@gmail.com"
  "cabinet.martin.kine@gmail.com"
  "bilan-sportif"
  # The UI tests' recorded answers and their transport (ui/src/lib/ipc/fixtures/,
  # recorded-transport.ts): only tests import them.
  "Recorded from the Rust use cases"
  "no recorded answer"
)

# (a) Features of the shipped graph, asked per workspace crate (inverted tree: every path that
# turns a feature on). `-e features` alone includes every dependency kind.
workspace_crates=$("$CARGO" metadata --locked --no-deps --format-version 1 |
  python3 -c 'import json, sys; print("\n".join(p["name"] for p in json.load(sys.stdin)["packages"]))')
while read -r crate; do
  # A crate outside the shell's graph (rdv-cli, rdv-system-tests): `-i` matches nothing.
  if ! paths=$("$CARGO" tree --locked -e features -p rdv-compagnon -i "$crate" 2>&1); then
    grep -q "did not match any packages" <<<"$paths" && continue
    fail "(a) cargo tree failed: $paths"; exit 1
  fi
  if grep -q "$crate feature \"testing\"" <<<"$paths"; then
    fail "(a) rdv-compagnon's dependency graph turns on $crate's \"testing\" feature:"
    echo "$paths" >&2
  fi
done <<<"$workspace_crates"
[ $failed -eq 0 ] && echo "artefacts: (a) no \"testing\" feature in rdv-compagnon's dependency graph"

# (b) The binary itself.
if [ $# -ge 1 ]; then
  binary=$1
else
  "$CARGO" build --locked -p rdv-compagnon
  binary="$target_dir/debug/rdv-compagnon"
fi
[ -f "$binary" ] || { fail "(b) no binary at $binary"; exit 1; }
text=$(strings -n 8 "$binary")
found=0
for marker in "${SHIPPED_BINARY_MARKERS[@]}"; do
  if grep -qF -- "$marker" <<<"$text"; then
    fail "(b) $binary holds \"$marker\": the sandbox's fault injection (feature \"testing\") ships"
    found=1
  fi
done
[ $found -eq 0 ] && echo "artefacts: (b) $binary holds none of the fault injection's markers"

# (c) The web UI embedded into the binary.
if [ "${CHECK_UI_DIST:-0}" = 1 ]; then
  [ -d ui/dist ] || { fail "(c) ui/dist is missing (cd ui && npm run build)"; exit 1; }
  found=0
  for marker in "${UI_DIST_MARKERS[@]}"; do
    if hits=$(grep -rlF -- "$marker" ui/dist); then
      fail "(c) ui/dist holds \"$marker\" (mock or test data) in: $hits"
      found=1
    fi
  done
  [ $found -eq 0 ] && echo "artefacts: (c) ui/dist holds no mock or test data marker"
else
  echo "artefacts: (c) ui/dist not checked (CHECK_UI_DIST=1 turns it on)"
fi

exit $failed
