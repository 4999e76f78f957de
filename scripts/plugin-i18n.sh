#!/usr/bin/env bash
# The WordPress plugin's translations (wordpress/rdv-compagnon/languages/), built from sources:
#   - rdv-compagnon.pot        xgettext over the plugin's PHP (English source strings)
#   - rdv-compagnon-fr_FR.po   the French parts (languages/parts/*.po, one per area of the
#                              plugin) joined by msgcat, then merged with the .pot
#   - rdv-compagnon-fr_FR.mo   msgfmt of that .po (what WordPress loads)
# The three are generated, never committed (.gitignore); the parts and the PHP are the sources.
#
#   scripts/plugin-i18n.sh build   writes the three files (make plugin-zip, plugin-test, site)
#   scripts/plugin-i18n.sh check   build, then fail if a string of the plugin has no French
#                                  translation, or if two parts translate one string differently
#   PLUGIN_DIR=… overrides the plugin folder (the i18n check's own test uses a copy).
set -euo pipefail
cd "$(dirname "$0")/.."

plugin=${PLUGIN_DIR:-wordpress/rdv-compagnon}
lang="$plugin/languages"
pot="$lang/rdv-compagnon.pot"
po="$lang/rdv-compagnon-fr_FR.po"
mo="$lang/rdv-compagnon-fr_FR.mo"
version=$(sed -n 's/^ \* Version: *//p' "$plugin/rdv-compagnon.php" | head -1)

for tool in xgettext msgcat msgmerge msgattrib msgfmt; do
  command -v "$tool" >/dev/null || { echo "plugin-i18n: $tool is missing (package gettext; make deps installs it)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build() {
  mkdir -p "$lang"
  # Every PHP file of the plugin, in a stable order so the .pot does not churn.
  (cd "$plugin" && find . -name '*.php' -not -path './languages/*' | LC_ALL=C sort | sed 's|^\./||') >"$tmp/files"
  (cd "$plugin" && xgettext --language=PHP --from-code=UTF-8 --add-comments=translators: \
    --keyword=__ --keyword=_e --keyword=esc_html__ --keyword=esc_html_e \
    --keyword=esc_attr__ --keyword=esc_attr_e --keyword=_x:1,2c --keyword=_n:1,2 \
    --keyword=_nx:1,2,4c --keyword=esc_html_x:1,2c --keyword=esc_attr_x:1,2c \
    --package-name="RDV Compagnon" --package-version="$version" \
    --msgid-bugs-address="https://lib-rdv.fr" \
    --sort-by-file --force-po --files-from="$tmp/files" --output=- ) |
    sed 's/^"Content-Type: text\/plain; charset=CHARSET\\n"$/"Content-Type: text\/plain; charset=UTF-8\\n"/' >"$tmp/pot"
  # The date line changes at every run; a fixed one keeps the build reproducible.
  sed -e '/^"POT-Creation-Date:/d' -e '/^# Copyright (C) YEAR/d' -e '/^# FIRST AUTHOR/d' \
    -e 's/^# SOME DESCRIPTIVE TITLE\./# RDV Compagnon, the WordPress plugin: its strings (scripts\/plugin-i18n.sh builds this file)./' \
    "$tmp/pot" >"$pot"

  # The French: a header, then every part. msgcat keeps one entry per string; two parts that
  # translate a string differently leave a conflict (`#-#-#-#-#` markers), refused by `check`.
  cat >"$tmp/header.po" <<EOF
msgid ""
msgstr ""
"Project-Id-Version: RDV Compagnon $version\n"
"Language: fr_FR\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
EOF
  shopt -s nullglob
  parts=("$lang"/parts/*.po)
  shopt -u nullglob
    if [ ${#parts[@]} -gt 0 ]; then
    # Each part alone first (so the error names the file), then all together for conflicts.
    for part in "${parts[@]}"; do
      cat "$tmp/header.po" "$part" >"$tmp/one.po"
      msgfmt --check-format -o /dev/null "$tmp/one.po" 2>"$tmp/err" ||
        { echo "plugin-i18n: $part is not a valid .po (line numbers count 8 header lines first):" >&2; sed "s|$tmp/one.po|$part|" "$tmp/err" >&2; exit 1; }
      # Without its own header, a part's entries go in under the common one.
      msgcat -o "$tmp/part-$(basename "$part")" "$tmp/one.po"
    done
    msgcat -o "$tmp/joined.po" "$tmp/header.po" "$tmp"/part-*.po
  else
    cp "$tmp/header.po" "$tmp/joined.po"
  fi
  # The .po holds exactly the strings of the .pot (new ones untranslated, gone ones dropped).
  msgmerge --force-po --quiet --no-fuzzy-matching --no-wrap -o "$tmp/merged.po" "$tmp/joined.po" "$pot"
  msgattrib --force-po --no-obsolete --no-wrap -o "$po" "$tmp/merged.po"
  msgfmt --check-format -o "$mo" "$po"
}

check() {
  local bad=0
  # A conflict between two parts shows as a fuzzy entry holding both translations.
  if msgattrib --only-fuzzy --no-wrap "$tmp/joined.po" 2>/dev/null | grep -q '^msgid "[^"]'; then
    echo "plugin-i18n: two parts translate these strings differently:" >&2
    msgattrib --only-fuzzy --no-wrap "$tmp/joined.po" | sed -n '/^msgid "[^"]/,/^$/p' >&2
    bad=1
  fi
  local missing
  missing=$(msgattrib --untranslated --no-obsolete --no-wrap "$po" | grep '^msgid "[^"]' || true)
  if [ -n "$missing" ]; then
    echo "plugin-i18n: strings of the plugin without a French translation (add them to a part in $lang/parts/):" >&2
    echo "$missing" >&2
    bad=1
  fi
  local count
  count=$(msgattrib --translated --no-obsolete "$po" | grep -c '^msgid "[^"]' || true)
  [ "$bad" = 0 ] && echo "plugin-i18n: every string of the plugin has its French translation ($count)"
  return "$bad"
}

case "${1:-build}" in
  build) build ;;
  check) build; check ;;
  *) echo "usage: $0 build|check" >&2; exit 2 ;;
esac
