#!/usr/bin/env bash
# The installable plugin: target/bundle/rdv-compagnon-<version>.zip, holding the folder
# `rdv-compagnon/` exactly as WordPress installs it (Extensions › Ajouter › Téléverser):
# the plugin's PHP and assets, the .pot, the French .po and the .mo built from them
# (scripts/plugin-i18n.sh). Nothing from wordpress/tests, no translation parts, no dotfiles.
# Entries are sorted and dated from the last commit, so two builds of one commit are identical.
#   scripts/plugin-zip.sh          prints the zip's path on its last line
#   PLUGIN_DIR=… overrides the plugin folder (tests of this script use a copy).
set -euo pipefail
cd "$(dirname "$0")/.."

src=${PLUGIN_DIR:-wordpress/rdv-compagnon}
version=$(sed -n 's/^ \* Version: *//p' "$src/rdv-compagnon.php" | head -1)
[ -n "$version" ] || { echo "plugin-zip: no Version: line in $src/rdv-compagnon.php" >&2; exit 1; }
constant=$(sed -n "s/^define( 'RDV_COMPAGNON_VERSION', '\(.*\)' );/\1/p" "$src/rdv-compagnon.php")
[ "$constant" = "$version" ] ||
  { echo "plugin-zip: the header says $version but RDV_COMPAGNON_VERSION is '$constant'" >&2; exit 1; }

scripts/plugin-i18n.sh build

out_dir=${CARGO_TARGET_DIR:-target}/bundle
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
zip_path="$out_dir/rdv-compagnon-$version.zip"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir "$stage/rdv-compagnon"
# The tree as it ships: no translation parts, no dotfiles (.gitignore and the like).
(cd "$src" && find . \( -path ./languages/parts -o \( -name '.*' ! -name . \) \) -prune -o -print |
  LC_ALL=C sort | tar --no-recursion -T - -cf -) | tar -C "$stage/rdv-compagnon" -xf -
when=$(git log -1 --format=%ct 2>/dev/null || date +%s)
find "$stage/rdv-compagnon" -exec touch -h -d "@$when" {} +
rm -f "$zip_path"
(cd "$stage" && find rdv-compagnon | LC_ALL=C sort | TZ=UTC zip -X -q -@ "$zip_path")

# What must never be in it (the test-control plugin lives in wordpress/tests, outside the folder).
listing=$(unzip -Z1 "$zip_path")
if echo "$listing" | grep -E '(^|/)(tests?|parts)/|rdv-test-control|(^|/)\.'; then
  echo "plugin-zip: the files above must not ship" >&2; exit 1
fi
for needed in rdv-compagnon/rdv-compagnon.php rdv-compagnon/languages/rdv-compagnon-fr_FR.mo rdv-compagnon/languages/rdv-compagnon.pot; do
  grep -qx "$needed" <<<"$listing" || { echo "plugin-zip: $needed is missing from the zip" >&2; exit 1; }
done
echo "plugin-zip: $(grep -vc '/$' <<<"$listing") files"
echo "$zip_path"
