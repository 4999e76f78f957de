/**
 * Keyboard use of a tab list (WAI-ARIA tabs pattern): the index of the tab a key moves to from
 * `from` among `count` tabs — arrows wrap around, Home and End go to the ends — or `undefined`
 * for a key that does not move.
 */
export function tabKeyTarget(key: string, from: number, count: number): number | undefined {
  switch (key) {
    case "ArrowRight":
      return (from + 1) % count;
    case "ArrowLeft":
      return (from - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return undefined;
  }
}
