/**
 * Whether `event` is the *Nouveau rendez-vous* shortcut: `n` alone, typed outside a text
 * field, a list or an open dialog (so typing a name never opens it).
 */
export function isNewBookingShortcut(event: KeyboardEvent): boolean {
  if (event.key.toLowerCase() !== "n" || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target;
  if (!(target instanceof Element)) return true;
  if (target.closest("input, textarea, select, [contenteditable='true'], dialog[open]")) return false;
  return true;
}
