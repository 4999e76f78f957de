/** The top-level views, in navigation order; Ctrl+1 opens the first. */
export const VIEW_IDS = ["agenda", "bookings", "availability", "sharing", "settings"] as const;

/** One top-level view of the app. */
export type ViewId = (typeof VIEW_IDS)[number];

/** The view named by a location hash such as `#settings`, if any. */
export function viewFromHash(hash: string): ViewId | undefined {
  const name = hash.replace(/^#\/?/, "");
  return VIEW_IDS.find((id) => id === name);
}

/**
 * The view opened by a Ctrl+1…Ctrl+5 key press, if `event` is one.
 * Uses the physical key (`Digit1`) so it also works on AZERTY keyboards,
 * where the digits need Shift.
 */
export function viewForShortcut(event: KeyboardEvent): ViewId | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return undefined;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1] ?? event.key;
  const index = Number(digit) - 1;
  return Number.isInteger(index) && index >= 0 ? VIEW_IDS[index] : undefined;
}
