#!/usr/bin/env bash
# The generated TypeScript client over HTTP against the real Rust: starts the built rdv-server
# (`make browser-test` builds it) with the clock pinned, on a free port, waits for its ready line,
# runs ui/smoke/*.smoke.ts (ui/vitest.server.config.ts) with the server's address in
# RDV_SERVER_URL, then stops the server. `make browser-test`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${CARGO_TARGET_DIR:-target}/debug/rdv-server"
[ -x "$bin" ] || { echo "browser-smoke: $bin is missing: make browser-test builds it" >&2; exit 1; }

logs=$(mktemp -d)
coproc SERVER { exec "$bin" --now 2026-03-02T08:00:00Z --port 0 --data "$logs/data" 2>"$logs/stderr"; }
server_pid=$SERVER_PID
stop() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$logs"
}
trap stop EXIT

# The first line says where it listens, once the demo practice is synced (a bound, not a wait).
if ! read -r -t 120 line <&"${SERVER[0]}" || [[ $line != "rdv-server listening on http://127.0.0.1:"* ]]; then
  echo "browser-smoke: rdv-server did not start:" >&2
  cat "$logs/stderr" >&2
  exit 1
fi
url=${line#rdv-server listening on }
echo "browser-smoke: rdv-server at $url"

cd ui
RDV_SERVER_URL="$url" npx vitest run --config vitest.server.config.ts
