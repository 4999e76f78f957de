/**
 * Text colour readable on a calendar's colour (`#rrggbb`): near-black on light colours,
 * white on dark ones, by WCAG relative luminance. Unknown formats get white.
 */
export function textOn(background: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background.trim());
  if (!match) return "#ffffff";
  const [r, g, b] = match.slice(1).map((hex) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white vs with #111a22 (luminance ≈ 0.01): pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.06 ? "#ffffff" : "#111a22";
}
