#!/usr/bin/env bash
# Links a site's Google access the way the practitioner does, through the plugin's OAuth web flow:
# log into wp-admin as the admin, open the plugin's settings page, submit its « Lier Google » form
# (admin-post, with its nonce), follow Google's answer back to the plugin's callback. Against the
# sandbox started with `--consent approve:EMAIL --web-redirect <callback>`, consent is granted at
# once, so no browser is needed. Used by `make site` and by the browser system test.
#   scripts/site-link-google.sh ENV_FILE     (the env file scripts/wp-site.sh start wrote)
# Exit 0 once the settings page no longer offers to link (the link is made).
set -euo pipefail
env_file="$1"
set -a; . "$env_file"; set +a
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jar="$work/cookies"
settings="${RDV_WP_URL}wp-admin/options-general.php?page=rdv-compagnon"

# WordPress wants its test cookie before a login.
curl -s -o /dev/null -c "$jar" -b "$jar" "${RDV_WP_URL}wp-login.php"
curl -s -o /dev/null -c "$jar" -b "$jar" \
  --data-urlencode "log=$RDV_WP_USER" --data-urlencode "pwd=$RDV_WP_ADMIN_PASSWORD" \
  --data-urlencode "testcookie=1" --data-urlencode "redirect_to=$settings" "${RDV_WP_URL}wp-login.php"

# The « Lier le compte Google » form (admin-post action rdv_compagnon_google_link, Rdv_Oauth::LINK):
# its target, then its fields as name=value lines.
link_form() {
  php -r '
    libxml_use_internal_errors( true );
    $doc = new DOMDocument();
    $doc->loadHTML( stream_get_contents( STDIN ) );
    foreach ( $doc->getElementsByTagName( "form" ) as $form ) {
      $fields = array();
      foreach ( $form->getElementsByTagName( "input" ) as $input ) {
        $name = $input->getAttribute( "name" );
        if ( "" !== $name && in_array( strtolower( $input->getAttribute( "type" ) ), array( "hidden", "submit", "" ), true ) ) {
          $fields[ $name ] = $input->getAttribute( "value" );
        }
      }
      $action = $fields["action"] ?? "";
      if ( "rdv_compagnon_google_link" === $action ) {
        echo $form->getAttribute( "action" ), "\n";
        foreach ( $fields as $name => $value ) {
          echo $name, "=", $value, "\n";
        }
        exit( 0 );
      }
    }
    exit( 1 );'
}

curl -s -c "$jar" -b "$jar" "$settings" >"$work/settings.html"
if ! link_form <"$work/settings.html" >"$work/form"; then
  echo "site-link-google: the settings page offers no « Lier Google » form (already linked, or not logged in)" >&2
  exit 1
fi
target="$(head -1 "$work/form")"
args=()
while IFS= read -r field; do args+=(--data-urlencode "$field"); done < <(tail -n +2 "$work/form")
# admin-post → Google's authorize (the sandbox) → the plugin's callback → the settings page.
final="$(curl -s -L -o "$work/after.html" -w '%{url_effective}' -c "$jar" -b "$jar" "${args[@]}" "$target")"
if link_form <"$work/after.html" >/dev/null; then
  echo "site-link-google: after the flow ($final) the settings page still offers to link" >&2
  exit 1
fi
echo "site-link-google: Google linked (back on $final)" >&2
