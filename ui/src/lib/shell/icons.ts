/**
 * Line icons drawn on a 24×24 grid with a 2px stroke, as lists of SVG path data.
 * Kept inline: the app loads nothing from outside and uses no icon font.
 */
export const ICONS = {
  agenda: [
    "M5 4h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    "M3 10h18",
    "M8 2v4",
    "M16 2v4",
  ],
  bookings: [
    "M9 3h6a1 1 0 0 1 1 1v1a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z",
    "M16 4.5h2a2 2 0 0 1 2 2V20a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6.5a2 2 0 0 1 2-2h2",
    "M8.5 14l2.5 2.5 4.5-5",
  ],
  availability: ["M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z", "M12 7v5l3 2"],
  sharing: [
    "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
    "M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1",
    "M16 3.5a4 4 0 0 1 0 7",
    "M22 21v-1a5 5 0 0 0-3-4.6",
  ],
  settings: [
    "M4 6h9",
    "M17 6h3",
    "M15 4a2 2 0 1 0 0 4 2 2 0 0 0 0-4z",
    "M4 12h3",
    "M11 12h9",
    "M9 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4z",
    "M4 18h11",
    "M19 18h1",
    "M17 16a2 2 0 1 0 0 4 2 2 0 0 0 0-4z",
  ],
  check: ["M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z", "M8 12.5l2.5 2.5L16 9.5"],
  lock: ["M6 11h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-8a1 1 0 0 1 1-1z", "M8 11V7a4 4 0 0 1 8 0v4"],
  alert: ["M12 3l9.5 17h-19L12 3z", "M12 10v4", "M12 17.5v.01"],
  bell: ["M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16z", "M10 21h4"],
  refresh: ["M20 11a8 8 0 0 0-14.6-4.5L4 8", "M4 4v4h4", "M4 13a8 8 0 0 0 14.6 4.5L20 16", "M20 20v-4h-4"],
} as const;

/** The name of one of {@link ICONS}. */
export type IconName = keyof typeof ICONS;
