#!/usr/bin/env bash
# The booking site's benchmark (docs/PERFORMANCE.md § Booking site): a standalone sandbox (Google
# and the SMS provider, the demo practice), a throw-away WordPress with the plugin set up as
# `make site` does, then wordpress/tests/bench/bench-site.php (2,000 more events, five types: the
# slots of two weeks and a booking, in-process), then the public slots route over HTTP, one week
# of one type per answer, for the five types and the two weeks: cold (the plugin's short read
# cache emptied first, so Google is read) and warm. Prints figures; asserts nothing.
#   scripts/bench-site.sh   (needs target/release/rdv-sandbox: cargo build --release -p rdv-sandbox;
#                            RDV_SANDBOX_BIN=… to use another build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
sandbox_bin="${RDV_SANDBOX_BIN:-${CARGO_TARGET_DIR:-target}/release/rdv-sandbox}"
[ -x "$sandbox_bin" ] || { echo "bench-site: build the sandbox first (cargo build --release -p rdv-sandbox)" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

scripts/plugin-i18n.sh build
dir="$(mktemp -d "${TMPDIR:-/tmp}/rdv-bench.XXXXXX")"
sandbox_pid=""
cleanup() {
  scripts/wp-site.sh stop "$dir/wp" || true
  [ -z "$sandbox_pid" ] || { kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; }
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

wp_port="$(free_port)" sandbox_port="$(free_port)"
sandbox="http://127.0.0.1:$sandbox_port/"
"$sandbox_bin" --port "$sandbox_port" --seed demo --consent "approve:dr.camille.laurent@example.fr" \
  --web-redirect "http://127.0.0.1:$wp_port/wp-admin/admin-post.php?action=rdv_compagnon_google_callback" 2>"$dir/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$sandbox" && break; sleep 0.1; done
scripts/wp-site.sh start "$dir/wp" --port "$wp_port" --google-base "$sandbox" 2>/dev/null
set -a; . "$dir/wp/env"; set +a
scripts/site-setup.sh "$dir/wp/env" "$sandbox" >/dev/null

echo "bench-site: $(nproc) cores, PHP $(php -r 'echo PHP_VERSION;'), WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$RDV_WP_ROOT/wp-includes/version.php"), php -S with 4 workers, the sandbox on 127.0.0.1"
(cd "$RDV_WP_ROOT" && php -d display_errors=stderr "$ROOT/wordpress/tests/bench/bench-site.php")

# The public route, as the form's JavaScript calls it.
invalidate() { (cd "$RDV_WP_ROOT" && php -r '$_SERVER["HTTP_HOST"]="127.0.0.1"; require "wp-load.php"; Rdv_Calendar::invalidate();'); }
monday="$(TZ=Europe/Paris date -d "$(( ($(TZ=Europe/Paris date +%u) - 1) )) days ago" +%F)"
next="$(date -d "$monday + 7 days" +%F)"
cold=() warm=()
for type in consultation premiere-consultation suivi teleconsultation bilan; do
  for week in "$monday" "$next"; do
    url="${RDV_WP_URL}wp-json/rdv-compagnon/v1/public/slots?type=$type&week=$week"
    invalidate
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url")
    [ "$code" = 200 ] || { echo "bench-site: $url answered $code" >&2; exit 1; }
    cold+=("$t")
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url")
    warm+=("$t")
  done
done
python3 - "${cold[*]}" "${warm[*]}" <<'PY'
import statistics, sys
for label, values in (("cold (Google read)", sys.argv[1]), ("warm (read cache)", sys.argv[2])):
    ms = sorted(float(v) * 1000 for v in values.split())
    print(f"GET public/slots, one week of one type, {label:<19} median {statistics.median(ms):7.1f} ms  (min {ms[0]:.1f}, max {ms[-1]:.1f}, {len(ms)} answers: 5 types x 2 weeks; sum {sum(ms):.0f} ms)")
PY
