#!/usr/bin/env bash
# The translation check itself (scripts/plugin-i18n.sh check), on a copy of the plugin given
# strings of every kind (__, esc_html__, _x with a context, _n with plurals): it passes when the
# parts translate them all, and fails — naming the string — when one has no French, or when two
# parts translate a string differently. The real plugin's check runs in `make plugin-i18n`.
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r wordpress/rdv-compagnon "$work/p"
rm -rf "$work/p/languages/parts" "$work/p/includes"/*
mkdir -p "$work/p/languages/parts" "$work/p/includes"
cat >"$work/p/includes/class-rdv-sample.php" <<'PHP'
<?php
echo esc_html__( 'Book an appointment', 'rdv-compagnon' );
/* translators: %d: how many slots */
echo esc_html( sprintf( _n( '%d free slot', '%d free slots', 3, 'rdv-compagnon' ), 3 ) );
echo esc_html_x( 'Cancel', 'a booking', 'rdv-compagnon' );
echo __( 'Your appointment is booked.', 'rdv-compagnon' );
PHP
cat >"$work/p/languages/parts/form.po" <<'PO'
msgid "Book an appointment"
msgstr "Prendre rendez-vous"

msgid "%d free slot"
msgid_plural "%d free slots"
msgstr[0] "%d créneau libre"
msgstr[1] "%d créneaux libres"

msgctxt "a booking"
msgid "Cancel"
msgstr "Annuler"
PO
check() { PLUGIN_DIR="$work/p" scripts/plugin-i18n.sh check >"$work/out" 2>&1; }
expect_failure() { # expect_failure WHAT FRAGMENT
  if check; then echo "i18n-check: the check passed $1" >&2; cat "$work/out" >&2; exit 1; fi
  grep -qF "$2" "$work/out" || { echo "i18n-check: the failure does not name $2:" >&2; cat "$work/out" >&2; exit 1; }
}

expect_failure "with a string left untranslated" 'msgid "Your appointment is booked."'

printf 'msgid "Your appointment is booked."\nmsgstr "Votre rendez-vous est pris."\n' >"$work/p/languages/parts/confirm.po"
check || { echo "i18n-check: the check failed with every string translated:" >&2; cat "$work/out" >&2; exit 1; }
grep -q "(4)" "$work/out" || { echo "i18n-check: expected 4 translated strings:" >&2; cat "$work/out" >&2; exit 1; }
msgunfmt "$work/p/languages/rdv-compagnon-fr_FR.mo" | grep -q 'msgstr\[1\] "%d créneaux libres"' ||
  { echo "i18n-check: the .mo lacks the plural" >&2; exit 1; }

printf 'msgid "Book an appointment"\nmsgstr "Réserver"\n' >"$work/p/languages/parts/other.po"
expect_failure "with two parts disagreeing" 'two parts translate these strings differently'

echo "i18n-check: the translation check catches missing and conflicting French"
