/** Réglages → Données personnelles: the retention periods and the erasure request's checks. */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { ErasureMatch } from "../ipc/bindings";

/** The retention periods of the service, in days (PRODUCT.md art. 8.3). */
export const RETENTION_DAYS = [90, 120, 240] as const;
/** The default period. */
export const DEFAULT_RETENTION_DAYS = 120;

/** Who an erasure request is about, as `find_person` and `erase_person` take it. */
export interface ErasureQuery {
  email: string | null;
  phone: string | null;
}

/**
 * The request from the two fields: either or both, trimmed (`null` when empty); a phone needs
 * 6 digits at least. The address itself is checked by the Rust core.
 */
export function erasureQuery(
  email: string,
  phone: string,
): ErasureQuery | { error: MessageKey; field: "email" | "phone" } {
  const [address, number] = [email.trim(), phone.trim()];
  if (address === "" && number === "") return { error: "settings.erasure.needOne", field: "email" };
  if (number !== "" && number.replace(/\D/g, "").length < 6) {
    return { error: "settings.erasure.phoneShort", field: "phone" };
  }
  return { email: address || null, phone: number || null };
}

/** Where a match was found, in display order. */
export function placesOf(match: ErasureMatch): MessageKey[] {
  const places: MessageKey[] = [];
  if (match.inCache) places.push("settings.erasure.inCache");
  if (match.inCalendar) places.push("settings.erasure.inCalendar");
  if (match.inSite) places.push("settings.erasure.inSite");
  return places;
}
