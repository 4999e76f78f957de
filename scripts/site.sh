#!/usr/bin/env bash
# `make site`: the booking site for a person to try. A standalone sandbox (Google and the SMS
# provider's stand-in, seeded with Dr Camille Laurent's demo practice) and a throw-away WordPress
# with the plugin (scripts/wp-site.sh), the plugin's Google access linked to the sandbox through
# the plugin's own OAuth web flow, the appointment types published as the app would (PUT /config),
# a page holding the booking form. Prints the booking page, the admin login and the app's link
# details, then waits: Ctrl+C stops everything and removes the temporary folder.
#   scripts/site.sh [--port P]     (P: WordPress's port; default: a free one)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

wp_port=""
[ "${1:-}" = "--port" ] && wp_port="$2"

sandbox_bin="${CARGO_TARGET_DIR:-target}/debug/rdv-sandbox"
[ -x "$sandbox_bin" ] || { echo "site: $sandbox_bin is missing (cargo build -p rdv-sandbox; make site does)" >&2; exit 1; }
practitioner="dr.camille.laurent@example.fr"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

scripts/plugin-i18n.sh build

dir="$(mktemp -d "${TMPDIR:-/tmp}/rdv-site.XXXXXX")"
sandbox_pid=""
cleanup() {
  trap - EXIT INT TERM
  echo >&2
  echo "site: stopping…" >&2
  scripts/wp-site.sh stop "$dir/wp" || true
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  echo "site: stopped, nothing left behind" >&2
}
trap cleanup EXIT INT TERM

# The sandbox: consent granted at once for the practitioner (nobody to click through Google's
# page), the plugin's callback registered as the web client's redirect URI (Google requires it).
[ -n "$wp_port" ] || wp_port="$(free_port)"
callback="http://127.0.0.1:$wp_port/wp-admin/admin-post.php?action=rdv_compagnon_google_callback"
sandbox_port="$(free_port)"
"$sandbox_bin" --port "$sandbox_port" --seed demo --consent "approve:$practitioner" \
  --web-redirect "$callback" 2>"$dir/sandbox.log" &
sandbox_pid=$!
sandbox="http://127.0.0.1:$sandbox_port/"
for _ in $(seq 100); do curl -s -o /dev/null "$sandbox" && break; sleep 0.1; done
curl -s -o /dev/null "$sandbox" || { cat "$dir/sandbox.log" >&2; echo "site: the sandbox did not start" >&2; exit 1; }

scripts/wp-site.sh start "$dir/wp" --port "$wp_port" --google-base "$sandbox"
set -a; . "$dir/wp/env"; set +a

booking_url="$(scripts/site-setup.sh "$dir/wp/env" "$sandbox" | tail -1)"

cat <<EOF

  RDV Compagnon — le site de réservation local / the local booking site
  ---------------------------------------------------------------------
  Page de réservation (patients) / booking page:  $booking_url
  Administration WordPress / admin:               ${RDV_WP_URL}wp-login.php
      utilisateur / user: $RDV_WP_USER    mot de passe / password: $RDV_WP_ADMIN_PASSWORD
      réglages du module / plugin settings:       ${RDV_WP_URL}wp-admin/options-general.php?page=rdv-compagnon
  Liaison de l'application / the app's link (Réglages › Site de réservation):
      adresse du site / site URL: $RDV_WP_URL
      utilisateur / user:         $RDV_WP_USER
      mot de passe d'application / application password: $RDV_WP_APP_PASSWORD
  Google (bac à sable / sandbox): $sandbox  (compte / account: $practitioner)
      the app on the same sandbox: target/debug/rdv-compagnon --sandbox $sandbox
  SMS reçus par le faux Brevo / SMS the stand-in received:
      curl -s -H 'api-key: xkeysib-sandbox-rdv-compagnon' ${sandbox}sandbox/sms
  Tâches planifiées / cron (rappels, rétention):  curl -s '${RDV_WP_URL}wp-cron.php?doing_wp_cron'

  Ctrl+C arrête tout / stops everything.
EOF
wait "$sandbox_pid"
