#!/usr/bin/env bash
# Sets a fresh site of scripts/wp-site.sh up as a practitioner would, against a sandbox playing
# Google and the SMS provider: the legal notices page and the booking page (the [rdv_compagnon]
# shortcode), the practice's identity, the web OAuth client, the SMS provider pointed at the
# sandbox; then links Google through the plugin's OAuth web flow (scripts/site-link-google.sh)
# and publishes the appointment types as the app does (GET /config, PUT with its ETag).
# Used by `make site` (scripts/site.sh) and the browser system test (tests/e2e/site_booking.rs).
#   scripts/site-setup.sh ENV_FILE SANDBOX_URL [MIN_NOTICE_MINUTES]
# Prints the booking page's URL on its last line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
env_file="$1" sandbox="$2" min_notice="${3:-120}"
set -a; . "$env_file"; set +a

# Through WordPress's own functions, as the settings page would save them.
booking_url="$(cd "$RDV_WP_ROOT" && RDV_SANDBOX="$sandbox" php -r '
  $_SERVER["HTTP_HOST"] = parse_url( getenv( "RDV_WP_URL" ), PHP_URL_HOST ); $_SERVER["REQUEST_URI"] = "/";
  require "wp-load.php";
  $legal = wp_insert_post( array( "post_type" => "page", "post_status" => "publish", "post_title" => "Mentions légales",
    "post_content" => "<!-- wp:paragraph --><p>Mentions légales et politique de confidentialité du cabinet (exemple).</p><!-- /wp:paragraph -->" ) );
  $page = wp_insert_post( array( "post_type" => "page", "post_status" => "publish", "post_title" => "Prendre rendez-vous",
    "post_name" => "rendez-vous", "post_content" => "<!-- wp:shortcode -->[rdv_compagnon]<!-- /wp:shortcode -->" ) );
  update_option( "rdv_compagnon_practice", array( "name" => "Dr Camille Laurent", "address" => "12 rue des Lilas, 69003 Lyon", "phone" => "04 65 71 12 34" ) );
  update_option( "rdv_compagnon_legal_url", get_permalink( $legal ) );
  // The web OAuth client the practitioner would create in Google Cloud (the sandbox knows it).
  $google = get_option( "rdv_compagnon_google", array() );
  $google = is_array( $google ) ? $google : array();
  $google["client_id"] = "rdv-compagnon-site-sandbox.apps.googleusercontent.com";
  $google["client_secret"] = "sandbox-web-client-secret";
  update_option( "rdv_compagnon_google", $google, false );
  // The sandbox plays Brevo (POST v3/transactionalSMS/send) with its own API key.
  $sms = get_option( "rdv_compagnon_sms", array() );
  $sms = is_array( $sms ) ? $sms : array();
  $sms["provider"] = "brevo";
  $sms["base_url"] = getenv( "RDV_SANDBOX" );
  update_option( "rdv_compagnon_sms", $sms );
  update_option( "rdv_compagnon_sms_api_key", "xkeysib-sandbox-rdv-compagnon", false );
  echo get_permalink( $page );
')"

"$ROOT/scripts/site-link-google.sh" "$env_file"

# The appointment types of the demo practice, SMS on: published as the app does.
api="${RDV_WP_URL}wp-json/rdv-compagnon/v1"
auth="$RDV_WP_USER:$RDV_WP_APP_PASSWORD"
etag="$(curl -s -D - -o /dev/null -u "$auth" "$api/config" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
current="$(curl -s -u "$auth" "$api/config")"
document="$(php -r '
  $c = json_decode( $argv[1], true );
  if ( ! is_array( $c ) || ! isset( $c["sms"] ) ) { exit( 1 ); }
  $n = (int) $argv[2];
  $type = fn( $id, $name, $minutes ) => array( "id" => $id, "name" => $name, "durationMinutes" => $minutes, "minNoticeMinutes" => $n, "horizonDays" => 60 );
  $c["appointmentTypes"] = array( $type( "consultation", "Consultation", 30 ), $type( "premiere-consultation", "Première consultation", 60 ), $type( "suivi", "Suivi", 20 ) );
  $c["sms"]["confirmationEnabled"] = true;
  $c["sms"]["reminderEnabled"] = true;
  $c["sms"]["cancellationEnabled"] = true;
  $c["sms"]["senderName"] = "DR LAURENT";
  echo json_encode( $c, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES );
' "$current" "$min_notice")" || { echo "site-setup: GET /config gave no document: $current" >&2; exit 1; }
[ -n "$etag" ] || { echo "site-setup: GET /config gave no ETag" >&2; exit 1; }
answer="$(mktemp)"
code="$(curl -s -o "$answer" -w '%{http_code}' -u "$auth" -X PUT -H 'Content-Type: application/json' \
  -H "If-Match: $etag" --data-binary "$document" "$api/config")"
if [ "$code" != 200 ]; then
  echo "site-setup: publishing the appointment types answered $code: $(cat "$answer")" >&2
  rm -f "$answer"; exit 1
fi
rm -f "$answer"
echo "$booking_url"
