#!/usr/bin/env bash
# The zip installs: `make plugin-zip`'s archive, unzipped as WordPress's uploader does, into a
# fresh WordPress (scripts/wp-site.sh --plugin-dir: a copy, not a link to the checkout), activated
# there by the install script; then checked over HTTP with the application password, as the app
# would: WordPress lists the plugin active at the zip's version, its REST namespace answers, the
# French .mo came with it, and every PHP file of the zip parses.
#   wordpress/tests/zip-install.sh [ZIP]    (default: the newest target/bundle/rdv-compagnon-*.zip)
set -euo pipefail
cd "$(dirname "$0")/../.."

zip=${1:-$(ls -t "${CARGO_TARGET_DIR:-target}"/bundle/rdv-compagnon-*.zip 2>/dev/null | head -1)}
[ -f "$zip" ] || { echo "zip-install: no plugin zip (make plugin-zip)" >&2; exit 1; }
version=$(basename "$zip" .zip); version=${version#rdv-compagnon-}

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
unzip -q "$zip" -d "$unpacked"
[ "$(ls "$unpacked")" = rdv-compagnon ] || { echo "zip-install: the zip must hold one folder, rdv-compagnon/" >&2; exit 1; }
while IFS= read -r f; do
  php -l "$f" >/dev/null || { echo "zip-install: $f does not parse" >&2; exit 1; }
done < <(find "$unpacked/rdv-compagnon" -name '*.php')

scripts/wp-site.sh run --plugin-dir "$unpacked/rdv-compagnon" -- bash -c '
  set -euo pipefail
  fail() { echo "zip-install: $*" >&2; exit 1; }
  api() { curl -sS -u "$RDV_WP_USER:$RDV_WP_APP_PASSWORD" "${RDV_WP_URL}wp-json/$1"; }
  installed="$RDV_WP_ROOT/wp-content/plugins/rdv-compagnon"
  [ ! -L "$installed" ] || fail "the plugin is a link to the checkout, not the unzipped copy"
  plugin=$(api wp/v2/plugins/rdv-compagnon/rdv-compagnon)
  status=$(php -r "\$p = json_decode(\$argv[1], true); echo (\$p[\"status\"] ?? \"?\") . \" \" . (\$p[\"version\"] ?? \"?\");" "$plugin")
  [ "$status" = "active $0" ] || fail "WordPress reports \"$status\", expected \"active $0\": $plugin"
  api "" | php -r "\$i = json_decode(stream_get_contents(STDIN), true); exit(in_array(\"rdv-compagnon/v1\", \$i[\"namespaces\"] ?? array(), true) ? 0 : 1);" \
    || fail "the REST namespace rdv-compagnon/v1 is not registered"
  [ -s "$installed/languages/rdv-compagnon-fr_FR.mo" ] || fail "the French .mo is not in the installed plugin"
  echo "zip-install: $(basename "$1") installs and activates (version $0) in a fresh WordPress"
' "$version" "$zip"
