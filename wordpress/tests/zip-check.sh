#!/usr/bin/env bash
# The zip's rules (scripts/plugin-zip.sh), on a copy of the plugin given what must never ship — a
# dotfile, a translation part, a stray tests/ folder — : the zip holds the folder rdv-compagnon/
# with the plugin's files and the built .mo, none of those, and two builds of one tree are
# byte-identical. Writes into a temporary CARGO_TARGET_DIR, never over the real zip.
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r wordpress/rdv-compagnon "$work/p"
rm -f "$work/p/languages"/*.po "$work/p/languages"/*.mo "$work/p/languages"/*.pot
touch "$work/p/.editorconfig" "$work/p/includes/.hidden.php"
printf 'msgid "x"\nmsgstr "x"\n' >"$work/p/languages/parts/zz-sample.po"
mkdir -p "$work/p/tests" && echo '<?php' >"$work/p/tests/test.php"

build() { PLUGIN_DIR="$work/p" CARGO_TARGET_DIR="$work/target" scripts/plugin-zip.sh | tail -1; }
if out=$(build 2>&1); then
  echo "zip-check: a tree with a tests/ folder was zipped: $out" >&2; exit 1
fi
grep -q "must not ship" <<<"$out" || { echo "zip-check: unexpected failure: $out" >&2; exit 1; }
rm -rf "$work/p/tests"

zip=$(build)
listing=$(unzip -Z1 "$zip")
for absent in .editorconfig .hidden.php parts/; do
  if grep -qF "$absent" <<<"$listing"; then echo "zip-check: $absent was zipped" >&2; exit 1; fi
done
grep -qx rdv-compagnon/languages/rdv-compagnon-fr_FR.mo <<<"$listing" || { echo "zip-check: no .mo in the zip" >&2; exit 1; }
[ -z "$(grep -v '^rdv-compagnon/' <<<"$listing")" ] || { echo "zip-check: a file outside rdv-compagnon/" >&2; exit 1; }
first=$(sha256sum <"$zip")
touch "$work/p/rdv-compagnon.php"   # a newer mtime must not change the zip
second=$(sha256sum <"$(build)")
[ "$first" = "$second" ] || { echo "zip-check: two builds of one tree differ" >&2; exit 1; }
echo "zip-check: the zip ships the plugin and its .mo, nothing else, reproducibly"
